import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './app-files';
import { checkBasePath } from './checks/base-path';
import { checkCacheComponents, checkRequestPages } from './checks/caching';
import { checkLayout } from './checks/layout';
import { checkMiddleware } from './checks/middleware';
import { checkSecret } from './checks/secret';
import type { Check, CheckContext, Finding } from './checks/types';
import { checkVariantFields } from './checks/variant-fields';
import type { Output } from './output';
import { describeProject, detectProject, type Project } from './project';

const CHECKS: readonly Check[] = [checkSecret, checkMiddleware, checkLayout, checkVariantFields, checkRequestPages, checkCacheComponents, checkBasePath];

/** Every check's findings for the store in `cwd`. */
export function diagnose(project: Project): Finding[] {
  const cache = new Map<string, string>();
  const context: CheckContext = {
    project,
    appFiles: listFiles(project.root, project.appDir),
    inApp: (file) => file.slice(project.appDir.length + 1),
    read(file) {
      let text = cache.get(file);
      if (text === undefined) cache.set(file, (text = readFileSync(path.join(project.root, file), 'utf8')));
      return text;
    },
  };
  return CHECKS.flatMap((check) => check(context));
}

/** `vtex-sessions-next doctor`: prints each finding, with a fix for each problem. Exit code 1 when there is one. */
export function runDoctor(cwd: string, out: Output): number {
  const project = detectProject(cwd);
  out.log(`Store: ${describeProject(project)}`);
  out.log('');
  const findings = diagnose(project);
  for (const finding of findings) {
    if (finding.ok) out.log(`  ok    ${finding.title}`);
    else {
      out.log(`  FAIL  ${finding.title}`);
      out.log(`        fix: ${finding.fix}`);
    }
  }
  const problems = findings.filter((finding) => !finding.ok).length;
  out.log('');
  out.log(problems === 0 ? 'No problems found.' : `${problems} problem${problems === 1 ? '' : 's'} found.`);
  return problems === 0 ? 0 : 1;
}
