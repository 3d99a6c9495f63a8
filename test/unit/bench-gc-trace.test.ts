import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FULL_GC_TRACE, fullGcs } from '../../bench/lib/gc-trace.mjs';

describe('bench/lib/gc-trace.mjs', () => {
  it("counts a node process's full collections from its own output, and none of its scavenges", () => {
    // Three forced full collections amid enough young garbage for many scavenges.
    const script = 'let keep = []; for (let i = 0; i < 2e6; i++) { keep.push({ i }); if (keep.length > 1e4) keep = []; } gc(); gc(); gc();';
    const output = execFileSync(process.execPath, [...FULL_GC_TRACE, '--expose-gc', '-e', script], { encoding: 'utf8' });
    expect(output).not.toMatch(/Scavenge/);
    const { count, pauseMs } = fullGcs(output);
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBe(output.split('\n').filter((line) => line.includes('Mark-Compact')).length);
    expect(pauseMs).toBeGreaterThan(0);
    expect(fullGcs('')).toEqual({ count: 0, pauseMs: 0 });
  });
});
