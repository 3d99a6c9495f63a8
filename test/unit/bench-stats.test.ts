import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's plain-JavaScript helpers carry no types.
import { median, medianInterval, neighbourRatios, overNeighbours, pairedQuantileRatioInterval, pooledQuantile, quantile, runFigures, sandwiched, seeded, shuffled, tenths } from '../../bench/lib/stats.mjs';

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

describe('npm run bench: each scenario against the baseline on either side of it', () => {
  it('runs the baseline before, between and after the scenarios', () => {
    expect(sandwiched('noop', ['hit', 'cold'])).toEqual(['noop', 'hit', 'noop', 'cold', 'noop']);
  });

  it('cancels a drift of the machine that a distant baseline leaves in', () => {
    // The machine slows by 5 % a slice; every scenario does 0.9 of the baseline's work rate.
    const base = { name: 'noop' };
    const order = sandwiched(base, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]) as { name: string }[];
    const results = order.map((s, i) => ({ rps: (s === base ? 1 : 0.9) * 1000 * (1 - 0.05 * i) }));
    const ratios = neighbourRatios({ order, results, base }, (r: { rps: number }) => r.rps) as Map<string, number[]>;
    // Each scenario over the baseline slices on either side of it.
    for (const name of ['a', 'b', 'c']) expect(ratios.get(name)).toEqual([expect.closeTo(0.9, 10)]);
    // The baseline's inner slices over the baseline slices on either side: its A/A, 1 under linear drift.
    expect(ratios.get('noop')).toEqual([expect.closeTo(1, 10), expect.closeTo(1, 10)]);
    // Against the first baseline slice instead, the last scenario reads 0.675.
    expect(results[5]!.rps / results[0]!.rps).toBeCloseTo(0.675, 10);
    expect(overNeighbours([1, 2, 3, 4])).toEqual([1, 1]);
  });
});

describe('npm run bench: the order of a round', () => {
  const scenarios = ['hit', 'cold', 'first', 'crawler', 'mixed', 'rewrite'];

  it('is every scenario once, the same every run', () => {
    for (let round = 0; round < 10; round++) {
      expect([...shuffled(scenarios, round)].sort()).toEqual([...scenarios].sort());
      expect(shuffled(scenarios, round)).toEqual(shuffled(scenarios, round));
    }
    expect(scenarios).toEqual(['hit', 'cold', 'first', 'crawler', 'mixed', 'rewrite']);
  });

  it('puts a different scenario first from round to round, and gives each other predecessors (a fixed cycle gives each one)', () => {
    const firsts = new Set<string>();
    const predecessors = new Map<string, Set<string>>(scenarios.map((s) => [s, new Set()]));
    for (let round = 0; round < 10; round++) {
      const [first, ...rest] = shuffled(scenarios, round) as [string, ...string[]];
      firsts.add(first);
      rest.forEach((s, i) => predecessors.get(s)!.add(i === 0 ? first : rest[i - 1]!));
    }
    expect(firsts.size).toBeGreaterThanOrEqual(4);
    for (const s of scenarios) expect(predecessors.get(s)!.size).toBeGreaterThanOrEqual(3);
  });
});

describe('npm run bench: a run\'s figures leave its start out', () => {
  // A steady server: a response every 2 ms taking 50 ms, for 2.5 s.
  const steady = Array.from({ length: 1250 }, (_, i) => ({ at: 50 + i * 2, latency: 50 }));
  // The start of a run: 20 connections accepted late, their first requests sent at once and
  // answered one after another from 300 ms to 1.5 s (as measured on this VM).
  const late = Array.from({ length: 20 }, (_, i) => ({ at: 10 + 300 + i * 60, latency: 300 + i * 60 }));
  const responses = [...steady, ...late].sort((a, b) => a.at - b.at);

  it('takes latencies of requests sent after the warm-up only: the late first requests are not the p99', () => {
    const figures = runFigures(responses, 500);
    expect(figures.p99).toBe(50);
    expect(figures.p50).toBe(50);
    // Counted by arrival, they would be: 12 of the 1,000-odd latencies after 0.5 s.
    const byArrival = responses.filter((r) => r.at >= 500).map((r) => r.latency).sort((a: number, b: number) => a - b);
    expect(byArrival[Math.floor(0.99 * byArrival.length)]).toBeGreaterThan(300);
  });

  it('counts throughput by arrival after the warm-up, from the first such response to the last', () => {
    const figures = runFigures(steady, 500);
    // 500 ms to 2,548 ms: 1,025 responses, the first opening the span of 2.048 s.
    expect(figures.requests).toBe(1024);
    expect(figures.rps).toBeCloseTo(1024 / 2.048, 6);
    // Latencies: the requests sent from 500 ms on (arrived from 550 ms).
    expect(figures.measured).toBe(1000);
  });

  it('without a warm-up takes every response; with too few it has nothing to say', () => {
    expect(runFigures(late, 0).p99).toBe(tenths(300 + 19 * 60));
    expect(runFigures([{ at: 600, latency: 10 }], 500)).toBeNull();
  });
});

describe('npm run bench: a p99 over slices, and how far their luck moves it', () => {
  /** A slice of `n` latencies of 2 to 4 ms, ascending; `stalled` of them wait behind a collection (50 to 150 ms more). */
  function slice(random: () => number, n: number, stalled = 0): number[] {
    return Array.from({ length: n }, (_, i) => 2 + 2 * random() + (i < stalled ? 50 + 100 * random() : 0)).sort((a, b) => a - b);
  }

  it('is the quantile of all the slices merged, without merging them', () => {
    const random = seeded(7) as () => number;
    for (const sizes of [[1], [5, 1, 9], [300, 2700, 40, 2700], [0, 10]]) {
      const slices = sizes.map((n, i) => slice(random, n, i === 1 ? Math.floor(n / 20) : 0));
      const merged = slices.flat().sort((a, b) => a - b);
      for (const q of [0, 0.5, 0.9, 0.99, 1]) expect(pooledQuantile(slices, q), `${sizes} at ${q}`).toBe(quantile(merged, q));
    }
    expect(pooledQuantile([[], []], 0.99)).toBeUndefined();
  });

  it('reads no difference between two arms of one kind, even when some rounds caught a collection', () => {
    const random = seeded(11) as () => number;
    // Both arms interleaved in one stream: a round that caught a collection stalled some of each arm's requests.
    const stalls = [0, 30, 0, 0, 60, 0, 0, 30, 0, 0];
    const arm = () => stalls.map((stalled) => slice(random, 1000, stalled));
    const [low, high] = pairedQuantileRatioInterval(arm(), arm(), 0.99) as [number, number];
    expect(low).toBeGreaterThan(0.8);
    expect(high).toBeLessThan(1.25);
  });

  it('sees an arm that is slower at the tail, and gives the same interval every run', () => {
    const random = seeded(12) as () => number;
    const stalls = [0, 5, 0, 0, 10, 0, 0, 0, 0, 0];
    const base = stalls.map((stalled) => slice(random, 1000, stalled));
    // The same collections, and 3 % of its own requests 20 ms slower.
    const slower = stalls.map((stalled) => slice(random, 1000, stalled).map((ms, i) => (i % 33 === 0 ? ms + 20 : ms)).sort((a, b) => a - b));
    const interval = pairedQuantileRatioInterval(slower, base, 0.99) as [number, number];
    expect(interval[0]).toBeGreaterThan(1.2);
    expect(pairedQuantileRatioInterval(slower, base, 0.99)).toEqual(interval);
  });

  it('refuses slices that were not taken side by side', () => {
    const random = seeded(13) as () => number;
    expect(() => pairedQuantileRatioInterval([slice(random, 10)], [slice(random, 10), slice(random, 10)], 0.99)).toThrow(/paired/);
  });
});
