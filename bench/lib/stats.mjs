// Small, dependency-free statistics for the benchmarks.

/** The q-quantile (0..1) of numbers, by linear interpolation between the closest ranks. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = (values) => quantile(values, 0.5);

/**
 * Median and spread of repeated samples: the interquartile range (p25..p75), its size relative to the median
 * (`iqrPct`, a quick noise indicator), and the extremes.
 */
export function summarize(values) {
  const p25 = quantile(values, 0.25);
  const p50 = quantile(values, 0.5);
  const p75 = quantile(values, 0.75);
  return {
    median: p50,
    p25,
    p75,
    iqrPct: p50 === 0 ? 0 : ((p75 - p25) / p50) * 100,
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/** The summary of `a[i] / b[i]` over paired rounds (sample i of each side comes from the same round). */
export function pairedRatio(a, b) {
  return summarize(a.map((value, i) => value / b[i]));
}

/** Latency percentiles (p50, p90, p99, max) of a pooled list of per-call latencies. */
export function latency(values) {
  return { p50: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99), max: quantile(values, 1) };
}

/** Rounds for display and for a small JSON file: 3 significant digits, at most 3 decimals. */
export function round(value) {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  const digits = Math.max(0, Math.min(3, 2 - Math.floor(Math.log10(Math.abs(value)))));
  return Number(value.toFixed(digits));
}

/** Rounds every number of a plain object (recursively). */
export function roundAll(thing) {
  if (typeof thing === 'number') return round(thing);
  if (Array.isArray(thing)) return thing.map(roundAll);
  if (thing !== null && typeof thing === 'object') return Object.fromEntries(Object.entries(thing).map(([k, v]) => [k, roundAll(v)]));
  return thing;
}
