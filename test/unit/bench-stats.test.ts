import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's plain-JavaScript helpers carry no types.
import { median, medianInterval } from '../../bench/lib/stats.mjs';

describe('npm run bench: the interval of a median over rounds', () => {
  const rounds = [0.81, 0.85, 0.88, 0.9, 0.95, 1.0, 1.63, 0.86, 0.89, 0.92];

  it('holds the median, lies within the rounds, and is the same every run', () => {
    const [low, high] = medianInterval(rounds) as [number, number];
    expect(low).toBeLessThanOrEqual(median(rounds));
    expect(high).toBeGreaterThanOrEqual(median(rounds));
    expect(low).toBeGreaterThanOrEqual(Math.min(...rounds));
    expect(high).toBeLessThanOrEqual(Math.max(...rounds));
    expect(high).toBeLessThan(1.63);
    expect(medianInterval(rounds)).toEqual([low, high]);
  });

  it('narrows as rounds agree, and is a point when they all do', () => {
    const agreeing = [0.88, 0.89, 0.9, 0.9, 0.91, 0.9, 0.89, 0.9, 0.91, 0.9];
    const [low, high] = medianInterval(agreeing) as [number, number];
    const [wideLow, wideHigh] = medianInterval(rounds) as [number, number];
    expect(high - low).toBeLessThan(wideHigh - wideLow);
    expect(medianInterval([0.8, 0.8, 0.8])).toEqual([0.8, 0.8]);
  });
});
