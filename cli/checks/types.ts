import type { Project } from '../project';

/** One line of doctor's answer: a fact that holds, or a problem and how to fix it. */
export type Finding = { ok: true; title: string } | { ok: false; title: string; fix: string };

export const ok = (title: string): Finding => ({ ok: true, title });
export const problem = (title: string, fix: string): Finding => ({ ok: false, title, fix });

/** What every check reads: the project and its app/ files (paths relative to the root). */
export interface CheckContext {
  project: Project;
  appFiles: readonly string[];
  /** An app/ file's path relative to app/. */
  inApp(file: string): string;
  read(file: string): string;
}

export type Check = (context: CheckContext) => Finding[];
