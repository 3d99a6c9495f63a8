import type { Change, Plan } from './plan';

/** Where the CLI writes: the terminal, or a buffer in tests. */
export interface Output {
  log(line?: string): void;
  error(line: string): void;
}

export const consoleOutput: Output = {
  log: (line = '') => console.log(line),
  error: (line) => console.error(line),
};

const VERB: Record<Change['kind'], string> = { create: 'create', update: 'update', move: 'move  ' };

function describe(change: Change): string {
  const what = change.kind === 'move' ? `${change.from} -> ${change.to}` : change.file;
  return `  ${VERB[change.kind]}  ${what}\n           ${change.why}`;
}

/** The plan as a list a developer can read before (or after) it is applied. */
export function printPlan(out: Output, plan: Plan, done: boolean): void {
  if (plan.changes.length > 0) {
    out.log(done ? 'Changed:' : 'Plan:');
    for (const change of plan.changes) out.log(describe(change));
  }
  if (plan.kept.length > 0) {
    out.log('');
    out.log('Left as they are:');
    for (const { file, why } of plan.kept) out.log(`  ${file}: ${why}`);
  }
  if (plan.todo.length > 0) {
    out.log('');
    out.log(done ? 'Still yours to decide:' : 'Then, yours to decide:');
    for (const item of plan.todo) out.log(`  - ${item}`);
  }
}
