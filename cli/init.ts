import { createInterface } from 'node:readline/promises';
import { uncommittedFiles } from './git';
import { planInit } from './init-plan';
import { printPlan, type Output } from './output';
import { describeProject, detectProject } from './project';

export interface InitOptions {
  cwd: string;
  /** Apply without asking. */
  yes: boolean;
  /** Print the plan and change nothing. */
  dryRun: boolean;
  /** Run on a git tree with uncommitted changes. */
  allowDirty: boolean;
  /** Asks a yes/no question; defaults to the terminal. */
  confirm?: (question: string) => Promise<boolean>;
}

async function askTerminal(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(?:es)?$/i.test((await terminal.question(`${question} (y/N) `)).trim());
  } finally {
    terminal.close();
  }
}

/** `vtex-sessions-next init`: wires the kit into the store in `cwd`. Returns the exit code. */
export async function runInit(options: InitOptions, out: Output): Promise<number> {
  const project = detectProject(options.cwd);
  out.log(`Store: ${describeProject(project)}`);
  out.log('');
  const plan = planInit(project);
  if (plan.empty) {
    out.log('Nothing to change: the kit is already wired into this store.');
    if (plan.kept.length > 0 || plan.todo.length > 0) {
      out.log('');
      printPlan(out, plan, false);
    }
    return 0;
  }
  if (options.dryRun) {
    printPlan(out, plan, false);
    out.log('');
    out.log('Dry run: nothing was changed.');
    return 0;
  }
  const dirty = uncommittedFiles(project.root);
  if (dirty && dirty.length > 0 && !options.allowDirty) {
    out.error(`The git tree has uncommitted changes (${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', ...' : ''}).`);
    out.error('Commit or stash them first, so init\'s changes can be reviewed and undone on their own, or run again with --allow-dirty.');
    return 1;
  }
  if (!options.yes) {
    printPlan(out, plan, false);
    out.log('');
    const confirm = options.confirm ?? (process.stdin.isTTY ? askTerminal : null);
    if (!confirm) {
      out.error('Not a terminal: run again with --yes to apply, or --dry-run to see the plan only.');
      return 1;
    }
    if (!(await confirm('Apply these changes?'))) {
      out.log('Nothing was changed.');
      return 1;
    }
  }
  plan.apply();
  printPlan(out, plan, true);
  out.log('');
  out.log('Next: npm run dev, then npx vtex-sessions-next doctor to check the wiring.');
  return 0;
}
