/** Small statistics for rounds of measurements. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds to a tenth, as the reports print latencies. */
export const tenths = (ms) => Math.round(ms * 10) / 10;

/** The q-quantile of ascending `sorted` (nearest rank, as the reports have always read p50 and p99). */
export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Milliseconds to a hundredth: a page's latency below saturation is about 2 ms, where a tenth is 5 %. */
export const hundredths = (ms) => Math.round(ms * 100) / 100;

/** [lowest, highest]: how far the rounds spread. */
export function range(values) {
  return [Math.min(...values), Math.max(...values)];
}

/**
 * A 95 % interval for the median of `values`: the rounds resampled with replacement
 * (a seeded bootstrap, so one run always reports the same interval), the median of
 * each resample, and the 2.5th and 97.5th percentiles of those. How far the median
 * itself may be from the one a longer run would find, when rounds are this noisy.
 */
export function medianInterval(values, { resamples = 4000, seed = 15 } = {}) {
  const random = seeded(seed);
  const medians = new Array(resamples);
  for (let r = 0; r < resamples; r++) medians[r] = median(values.map(() => values[Math.floor(random() * values.length)]));
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(0.025 * (resamples - 1))], medians[Math.ceil(0.975 * (resamples - 1))]];
}

/** How many of ascending `sorted` are at most `value`. */
function countAtMost(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * quantile() of every value of ascending `slices` taken together, without merging
 * them: the smallest value that more than the quantile's rank of all values are at most.
 */
export function pooledQuantile(slices, q) {
  const total = slices.reduce((n, slice) => n + slice.length, 0);
  if (total === 0) return undefined;
  const rank = Math.min(total - 1, Math.floor(q * total));
  const atMost = (value) => slices.reduce((n, slice) => n + countAtMost(slice, value), 0);
  // Candidates are the slices' own values: bisect each slice's range by the pooled count.
  let best = Infinity;
  for (const slice of slices) {
    let lo = 0;
    let hi = slice.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (atMost(slice[mid]) > rank) hi = mid;
      else lo = mid + 1;
    }
    if (lo < slice.length && slice[lo] < best) best = slice[lo];
  }
  return best;
}

/**
 * A 95 % interval for the ratio of two pooled quantiles whose slices were taken side
 * by side (slice i of each side in the same round, interleaved in one stream): the
 * rounds resampled with replacement (seeded), the same rounds for both sides, each
 * side pooled again, and the 2.5th and 97.5th percentiles of the ratios. A p99 below
 * saturation is set by the few rounds that caught a full garbage collection; resampling
 * the rounds together keeps each collection on both sides, as it was.
 */
export function pairedQuantileRatioInterval(subject, baseline, q, { resamples = 2000, seed = 99 } = {}) {
  if (subject.length !== baseline.length) throw new Error(`paired slices: ${subject.length} against ${baseline.length}`);
  const random = seeded(seed);
  const ratios = new Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const picked = subject.map(() => Math.floor(random() * subject.length));
    ratios[r] = pooledQuantile(picked.map((i) => subject[i]), q) / pooledQuantile(picked.map((i) => baseline[i]), q);
  }
  ratios.sort((a, b) => a - b);
  return [ratios[Math.floor(0.025 * (resamples - 1))], ratios[Math.ceil(0.975 * (resamples - 1))]];
}

/** The order of `items` in round `round`: rotated, so none always goes first (or last). */
export function rotate(items, round) {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * The order of `items` in round `round`: a seeded shuffle, a new one each round and
 * the same every run. Unlike rotate(), which keeps one cyclic order, it gives each item
 * other neighbours from round to round. That matters where items share a server: the
 * first run on a server after it has been idle for half a minute is slower (a returning
 * visitor's page made 0.79 of the no-op's req/s after such a wait, 0.95 without;
 * docs/middleware.md), and a fixed cycle puts the same item there every round.
 */
export function shuffled(items, round) {
  const random = seeded(0x5eed + round * 7919);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * One round's slices: the baseline before, between and after the scenarios
 * (`b, s1, b, s2, …, b`), so every scenario has a baseline on either side.
 */
export function sandwiched(baseline, scenarios) {
  return [baseline, ...scenarios.flatMap((scenario) => [scenario, baseline])];
}

/**
 * Each value over the mean of its two neighbours, for every value that has both
 * (index i of the result is values[i + 1]'s). Drift that is linear across three slices
 * cancels exactly; a baseline a minute away would leave all of it in.
 */
export function overNeighbours(values) {
  return values.slice(1, -1).map((value, i) => value / ((values[i] + values[i + 2]) / 2));
}

/**
 * One round's ratios, by scenario name: each scenario's figure over the mean of the
 * baseline slices on either side of it, and the baseline's inner slices over theirs
 * (its A/A: what the method reads for two identical runs).
 */
export function neighbourRatios({ order, results, base }, figure) {
  const ratios = new Map();
  order.forEach((s, i) => s !== base && ratios.set(s.name, overNeighbours(results.slice(i - 1, i + 2).map(figure))));
  ratios.set(base.name, overNeighbours(results.filter((_, i) => order[i] === base).map(figure)));
  return ratios;
}

/** mulberry32: a seeded generator, so a simulation gives the same numbers every run. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fmt = {
  us: (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)),
  ratio: (v) => `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}x`,
  int: (v) => Math.round(v).toLocaleString('en-US'),
  pct: (v) => `${(v * 100).toFixed(1)}%`,
};

/**
 * A load run's figures from its responses, each `{ at, latency }` (ms: when it arrived,
 * from the run's start, and how long it took). Throughput counts what arrived after
 * the warm-up, from the first such response to the last; latencies are those of the
 * requests *sent* after it. A response that arrives after the warm-up to a request sent
 * before it is a start-up artifact: the load generator opens every connection at once,
 * and a busy server accepts the last of them hundreds of milliseconds late, so a
 * connection's first request can wait a second. Counted, those few tens of requests were
 * a short run's p99 whatever the server did (docs/middleware.md).
 */
export function runFigures(responses, warmupMs = 0) {
  const arrived = responses.filter((r) => r.at >= warmupMs);
  if (arrived.length < 2) return null;
  const seconds = (arrived.at(-1).at - arrived[0].at) / 1000;
  const latencies = responses
    .filter((r) => r.at - r.latency >= warmupMs)
    .map((r) => r.latency)
    .sort((a, b) => a - b);
  if (latencies.length === 0) return null;
  const at = (q) => tenths(quantile(latencies, q));
  // The first response after the warm-up opens the measured span: the rest arrived within it.
  return { rps: (arrived.length - 1) / seconds, p50: at(0.5), p99: at(0.99), requests: arrived.length - 1, measured: latencies.length };
}
