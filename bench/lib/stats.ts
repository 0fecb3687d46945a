/** Percentiles and units shared by the benchmarks. */

/** The value at quantile `q` (0–1) of an ascending list: the nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Spread {
  count: number;
  median: number;
  p99: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return { count: list.length, median: quantile(list, 0.5), p99: quantile(list, 0.99), max: list.at(-1) ?? NaN };
}

export const MB = 1024 * 1024;
export const toMb = (bytes: number) => Math.round(bytes / MB);
export const seconds = (ms: number) => Math.round(ms / 100) / 10;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Peak resident memory of this process while `what` runs (sampled every 50 ms), and its time. */
export async function measured<T>(what: () => Promise<T>): Promise<{ value: T; ms: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    const value = await what();
    return { value, ms: performance.now() - start, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}
