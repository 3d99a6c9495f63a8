import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One change `init` makes, said in words a store developer can check. */
export type Change =
  | { kind: 'create'; file: string; content: string; why: string }
  | { kind: 'update'; file: string; content: string; why: string }
  | { kind: 'move'; from: string; to: string; content: string | Buffer; why: string };

/** What `init` will do (or did): changes, files it left alone, and what is left to decide. */
export class Plan {
  readonly changes: Change[] = [];
  /** Files that exist and differ from what init would write: never overwritten. */
  readonly kept: { file: string; why: string }[] = [];
  readonly todo: string[] = [];

  constructor(readonly root: string) {}

  /** The file as it will be once the planned changes are made (null: absent). */
  contentOf(file: string): string | null {
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const change = this.changes[i]!;
      if (change.kind === 'move' && change.from === file) return null;
      if ((change.kind === 'move' ? change.to : change.file) === file) return change.content.toString();
    }
    const full = path.join(this.root, file);
    return existsSync(full) ? readFileSync(full, 'utf8') : null;
  }

  /** Writes a new file; an existing one is left as it is (the store may have changed it on purpose). */
  create(file: string, content: string, why: string): void {
    const current = this.contentOf(file);
    if (current === null) this.changes.push({ kind: 'create', file, content, why });
    else if (current !== content) this.kept.push({ file, why: `exists and differs from what init writes (${why}); left as it is` });
  }

  /** Changes an existing file; nothing when it already reads so. */
  update(file: string, content: string, why: string): void {
    if (this.contentOf(file) === content) return;
    this.changes.push({ kind: 'update', file, content, why });
  }

  move(from: string, to: string, content: string | Buffer, why: string): void {
    this.changes.push({ kind: 'move', from, to, content, why });
  }

  get empty(): boolean {
    return this.changes.length === 0;
  }

  apply(): void {
    for (const change of this.changes) {
      const target = path.join(this.root, change.kind === 'move' ? change.to : change.file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, change.content);
      if (change.kind === 'move') {
        unlinkSync(path.join(this.root, change.from));
        removeEmptyParents(this.root, path.dirname(change.from));
      }
    }
  }
}

function removeEmptyParents(root: string, dir: string): void {
  while (dir && dir !== '.' && readdirSync(path.join(root, dir)).length === 0) {
    rmdirSync(path.join(root, dir));
    dir = path.dirname(dir);
  }
}
