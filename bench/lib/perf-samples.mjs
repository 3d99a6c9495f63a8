/**
 * Reading Linux perf samples of a Node server (bench/profile.mjs): naming each
 * frame by its original source, and counting, per thread's samples, the route's own
 * code, the garbage collector and every frame inclusively. Pure, apart from reading
 * the build's source maps: profile.mjs runs perf and feeds the lines of `perf
 * script -F tid,ip,sym` here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { FlattenMap, originalPositionFor, sourceContentFor } from '@jridgewell/trace-mapping';

/** `JS:*name /path/file.js:12:34`, as V8 names a function in its perf map (the name may be empty). */
const JS_FRAME = /^JS:[*~^+]?(\S*) (.+):(\d+):(\d+)$/;
const NEXT_SOURCE = /(^|\/)node_modules\/next\//;

/** Words that start a function's source without naming it. */
const NOT_NAMES = new Set(['async', 'function', 'get', 'set', 'static', 'new', 'return']);

/**
 * Names frames by their original source (through the source map beside each bundled
 * file, when there is one) and says whether a frame is the route's own code: code of
 * the build's server output whose source is not Next's. A bundled function's position
 * maps to its name in the original source (`sealText` in lib/session/iron.ts, not `tP`).
 */
export function frameResolver(buildDir) {
  const maps = new Map();
  const sourceLines = new Map();
  const frames = new Map();
  const mapOf = (file) => {
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new FlattenMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
    return maps.get(file);
  };
  const nameAt = (map, original) => {
    if (!sourceLines.has(original.source)) sourceLines.set(original.source, sourceContentFor(map, original.source)?.split('\n') ?? []);
    const word = /^[A-Za-z_$][\w$]*/.exec(sourceLines.get(original.source)[original.line - 1]?.slice(original.column) ?? '')?.[0];
    return word && !NOT_NAMES.has(word) ? word : '(anonymous)';
  };
  return (symbol) => {
    let frame = frames.get(symbol);
    if (frame) return frame;
    const js = JS_FRAME.exec(symbol);
    if (!js) frame = { label: symbol, js: false, own: false };
    else {
      const [, name, file, line, column] = js;
      const map = file.startsWith('/') ? mapOf(file) : null;
      const original = map ? originalPositionFor(map, { line: Number(line), column: Number(column) - 1 }) : null;
      if (original?.source) {
        const source = original.source.replace(/^(?:\.\.\/)+/, '');
        frame = { label: `${nameAt(map, original)} ${source}:${original.line}`, js: true, own: file.startsWith(buildDir) && !NEXT_SOURCE.test(source) };
      } else {
        frame = { label: `${name || '(anonymous)'} ${file.replace(/^.*\/node_modules\//, '')}:${line}`, js: true, own: false };
      }
    }
    frames.set(symbol, frame);
    return frame;
  };
}

/** An empty tally: samples on the main thread, in the route's own code, in the collector; frames inclusive. */
export function emptyTally() {
  return { main: 0, own: 0, gc: 0, ownFrames: new Map(), otherFrames: new Map() };
}

/**
 * Tallies the lines of `perf script -F tid,ip,sym` of one recording: the samples of
 * thread `pid` (the main thread), those with a frame of the route's own code anywhere
 * on the stack, those in the garbage collector, and each frame once per sample that
 * holds it (inclusive): the route's own frames for its samples, JavaScript frames for
 * the rest. `resolve` names a frame (frameResolver).
 */
export async function tallyLines(lines, { pid, resolve }) {
  const counts = emptyTally();
  const add = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
  let tid = null;
  let stack = [];
  const flush = () => {
    if (tid !== String(pid) || stack.length === 0) return;
    counts.main++;
    const frames = stack.map(resolve);
    const own = frames.some((f) => f.own);
    if (own) counts.own++;
    if (stack.some((s) => /Heap::CollectGarbage|ScavengerCollector|MarkCompactCollector/.test(s))) counts.gc++;
    const seen = new Set();
    for (const f of frames) {
      if (seen.has(f.label) || (own ? !f.own : !f.js)) continue;
      seen.add(f.label);
      add(own ? counts.ownFrames : counts.otherFrames, f.label);
    }
  };
  for await (const line of lines) {
    const header = /^\s*(\d+)\s*$/.exec(line);
    if (header) {
      flush();
      tid = header[1];
      stack = [];
    } else if (line.trim()) {
      const [, symbol = '[unknown]'] = /^\s*[0-9a-f]+ (.*)$/.exec(line) ?? [];
      stack.push(symbol);
    }
  }
  flush();
  return counts;
}

/** Adds one tally to another. */
export function mergeTally(into, counts) {
  into.main += counts.main;
  into.own += counts.own;
  into.gc += counts.gc;
  for (const key of ['ownFrames', 'otherFrames']) for (const [label, n] of counts[key]) into[key].set(label, (into[key].get(label) ?? 0) + n);
}
