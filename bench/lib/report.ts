import { writeFileSync } from 'node:fs';

/** One measured figure, with its size and, where the issue sets one, its target. */
export interface Row {
  section: string;
  measure: string;
  /** What was measured on (counts, sizes), printed next to the figure. */
  size: string;
  value: number | string;
  unit: string;
  target?: string;
  met?: boolean;
}

export type Target = Pick<Row, 'target' | 'met'>;

export const atMost = (value: number, limit: number, unit: string): Target => ({ target: `≤ ${limit} ${unit}`.trim(), met: value <= limit });
export const atLeast = (value: number, limit: number, unit: string): Target => ({ target: `≥ ${limit} ${unit}`.trim(), met: value >= limit });

/** A time target set for `fullSize`, held to its linear share at a smaller `size`. */
export function withinShare(seconds: number, limitS: number, size: number, fullSize: number): Target {
  if (size === fullSize) return atMost(seconds, limitS, 's');
  const share = Math.round(((limitS * size) / fullSize) * 10) / 10;
  return { target: `≤ ${share} s (${limitS} s × ${size.toLocaleString('en-US')}/${fullSize.toLocaleString('en-US')})`, met: seconds <= share };
}

const fmt = (v: number | string) => (typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2)) : v);
const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

/** The rows as cells: measure, value with unit, target, met, size. */
function cells(rows: Row[]): string[][] {
  return rows.map((r) => [r.section, r.measure, `${fmt(r.value)} ${r.unit}`.trim(), r.target ?? '', r.met === undefined ? '' : r.met ? 'met' : 'NOT MET', r.size]);
}

const HEADER = ['section', 'measure', 'value', 'target', '', 'size'];

export function textTable(rows: Row[]): string {
  const all = [HEADER, ...cells(rows)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => width(r[i]!))));
  return all.map((r) => r.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function markdownTable(rows: Row[]): string {
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...cells(rows).map(line)].join('\n');
}

/**
 * Runs one benchmark section as a script: prints its table, and hands its rows to `npm run bench`
 * through the file named in BENCH_RESULT_FILE when it runs under it.
 */
export function runSection(main: () => Promise<Row[]>): void {
  main().then(
    (rows) => {
      console.log(`\n${textTable(rows)}`);
      if (process.env.BENCH_RESULT_FILE) writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(rows));
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
