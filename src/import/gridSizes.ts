/** How big the drawn grids are: the figures the import reports (and the benchmark). */
export interface SizeSummary {
  grids: number;
  min: number;
  median: number;
  max: number;
  /** Size → how many grids have it, smallest size first. */
  histogram: Array<[number, number]>;
}

export function summarizeSizes(sizes: Iterable<number>): SizeSummary {
  const sorted = [...sizes].sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const n of sorted) counts.set(n, (counts.get(n) ?? 0) + 1);
  return {
    grids: sorted.length,
    min: sorted[0] ?? 0,
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    histogram: [...counts],
  };
}

export const formatSizes = (s: SizeSummary) =>
  `${s.grids} grids, size min ${s.min} / median ${s.median} / max ${s.max}; ${s.histogram.map(([size, n]) => `${size}×${n}`).join(' ')}`;
