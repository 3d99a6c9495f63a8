import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's plain-JavaScript helpers carry no types.
import { frameResolver, mergeTally, tallyLines } from '../../bench/lib/perf-samples.mjs';

interface Frame {
  label: string;
  js: boolean;
  own: boolean;
}

describe('npm run bench:profile: naming perf frames', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'perf-samples-'));
  const buildDir = path.join(dir, 'server') + path.sep;
  mkdirSync(buildDir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A bundled chunk whose first column maps to `sealText` in lib/session/iron.ts (line 1, column 16).
  writeFileSync(path.join(buildDir, 'chunk.js'), 'function tP(){}\n');
  writeFileSync(
    path.join(buildDir, 'chunk.js.map'),
    JSON.stringify({ version: 3, sources: ['../../lib/session/iron.ts'], sourcesContent: ['export function sealText() {}\n'], names: [], mappings: 'AAAgB' }),
  );
  const resolve = frameResolver(buildDir) as (symbol: string) => Frame;

  it("names the build's code by its original source, and calls it the route's own", () => {
    expect(resolve(`JS:*tP ${buildDir}chunk.js:1:1`)).toEqual({ label: 'sealText lib/session/iron.ts:1', js: true, own: true });
  });

  it('names code without a source map by its file, under node_modules by its package, and never as own', () => {
    expect(resolve('JS:~sendResponse /app/node_modules/next/dist/esm/server/send-response.js:19:5')).toEqual({
      label: 'sendResponse next/dist/esm/server/send-response.js:19',
      js: true,
      own: false,
    });
    expect(resolve('JS:^ node:internal/process/task_queues:67:20')).toEqual({ label: '(anonymous) node:internal/process/task_queues:67', js: true, own: false });
  });

  it('keeps native frames as they are', () => {
    expect(resolve('v8::internal::Heap::CollectGarbage')).toEqual({ label: 'v8::internal::Heap::CollectGarbage', js: false, own: false });
  });
});

describe('npm run bench:profile: tallying samples', () => {
  // What `perf script -F tid,ip,sym` prints: a thread id, then the stack, innermost first.
  const script = [
    '  100 ',
    '\t    7f01 JS:*sealText own',
    '\t    7f02 JS:*sealText own',
    '\t    7f03 JS:*handler next',
    '  100 ',
    '\t    7f04 v8::internal::Heap::CollectGarbage',
    '\t    7f05 JS:*handler next',
    '  200 ',
    '\t    7f06 JS:*elsewhere next',
    '',
    '  100 ',
    '\t    7f07 JS:*pipe next',
  ];
  const resolve = (symbol: string): Frame => ({ label: symbol.replace(/^JS:\*(\S+).*$/, '$1'), js: symbol.startsWith('JS:'), own: symbol.endsWith(' own') });

  it("counts the main thread's samples, those in the route's own code and those in the collector, each frame once per sample", async () => {
    const tally = await tallyLines(script, { pid: 100, resolve });
    expect(tally).toMatchObject({ main: 3, own: 1, gc: 1 });
    // A sample in the route's own code counts its own frames; any other, its JavaScript frames.
    expect(Object.fromEntries(tally.ownFrames)).toEqual({ sealText: 1 });
    expect(Object.fromEntries(tally.otherFrames)).toEqual({ handler: 1, pipe: 1 });
  });

  it('adds recordings together', async () => {
    const total = await tallyLines([], { pid: 100, resolve });
    mergeTally(total, await tallyLines(script, { pid: 100, resolve }));
    mergeTally(total, await tallyLines(script, { pid: 100, resolve }));
    expect(total).toMatchObject({ main: 6, own: 2, gc: 2 });
    expect(Object.fromEntries(total.otherFrames)).toEqual({ handler: 2, pipe: 2 });
  });
});
