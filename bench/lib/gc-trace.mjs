/**
 * Full collections of a `next start` server, read from its own output. At a fixed rate a
 * page's p99 is set by the few requests that wait behind a Mark-Compact (bench/run.mjs,
 * "Latency at a fixed rate"), so how many of those each scenario's slices caught says
 * whether a p99 above the no-op's is the kit's garbage or the luck of where a collection
 * fell. V8 prints one line per full collection with these flags, none per scavenge.
 */
export const FULL_GC_TRACE = ['--trace-gc', '--trace-gc-ignore-scavenger'];

// "[pid:0x…]  12345 ms: Mark-Compact 120.3 (140.2) -> 80.1 (142.3) MB, 45.67 / 0.00 ms  (+ …"
const FULL_GC = /Mark-Compact\b[^\n]*?MB, ([\d.]+) \/ [\d.]+ ms/g;

/** The full collections reported in `output` so far: how many, and their main-thread pauses in ms. */
export function fullGcs(output) {
  let count = 0;
  let pauseMs = 0;
  for (const match of output.matchAll(FULL_GC)) {
    count++;
    pauseMs += Number(match[1]);
  }
  return { count, pauseMs };
}
