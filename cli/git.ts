import { execFileSync } from 'node:child_process';

/** Uncommitted changes in the store's git tree; null when it is not a git repository (or git is missing). */
export function uncommittedFiles(root: string): string[] | null {
  try {
    const output = execFileSync('git', ['status', '--porcelain', '--untracked-files=normal', '.'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return output.split('\n').filter((line) => line.trim() !== '').map((line) => line.slice(3));
  } catch {
    return null;
  }
}
