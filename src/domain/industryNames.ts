import { bi, type Text } from '../i18n/text.js';

/**
 * A sheet's industry label as matched against a table: spaces, the section letter ("F 批发和零售业")
 * and the joining words and marks (、和及) left out, so 批发和零售业 and 批发零售业 meet.
 */
export const industryKey = (label: string) => label.replace(/^[A-Ta-t](?=\s*[\u4e00-\u9fff])/, '').replace(/[\s、，,和及与]/g, '');

/** Finds a label's group in a table of label → group (keys compared by `industryKey`). */
export function industryMapper(table: Readonly<Record<string, string>>): (label: string) => string | undefined {
  const byKey = new Map(Object.entries(table).map(([label, group]) => [industryKey(label), group]));
  return (label) => byKey.get(industryKey(label));
}

/** How often one label was taken as a group in a sheet. */
export interface IndustryMapping {
  label: string;
  group: string;
  rows: number;
}

/** "行业对照：批发和零售业 → 贸易（3 行）": what the dry run says it applied. */
export const mappingLine = (m: IndustryMapping): Text =>
  bi(`行业对照：${m.label} → ${m.group}（${m.rows} 行）`, `industry mapping: ${m.label} → ${m.group} (${m.rows} rows)`);
