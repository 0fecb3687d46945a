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

/** "1039 grids, size min 14 / median 19 / max 20; 14×1 15×4 …" (size × how many grids). */
export function formatSizes(s: SizeSummary, lang: 'zh-CN' | 'en' = 'en'): string {
  const histogram = s.histogram.map(([size, n]) => `${size}×${n}`).join(' ');
  return lang === 'en'
    ? `${s.grids} grids, size min ${s.min} / median ${s.median} / max ${s.max}; ${histogram}`
    : `${s.grids} 个网格，规模 最小 ${s.min} / 中位 ${s.median} / 最大 ${s.max}；分布（规模×个数）${histogram}`;
}
