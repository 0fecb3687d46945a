import { isPersonName, looksLikeFormula } from './sheetText.js';
import { bi, type Text } from '../i18n/text.js';
import type { GridRole } from './gridRoles.js';
import { normalizeCreditCode } from './creditCode.js';
import { normalizePhone } from './phone.js';
import { keywordOf } from './keywords.js';
import { industryMapper } from './industryNames.js';

/**
 * The survey-object sheet a bureau keeps (CSV or XLSX, Chinese headers): one row per enterprise or
 * village with its statistician. These rules read the rows and say what is wrong with each, before
 * anything is written.
 */
export const SHEET_COLUMNS = {
  street: ['街道/镇', '街道', '镇街', '街道（镇）', '所属街道'],
  unit: ['单位名称', '单位'],
  creditCode: ['统一社会信用代码', '信用代码'],
  industry: ['行业'],
  person: ['统计员姓名', '统计员', '姓名'],
  phone: ['手机号', '手机', '手机号码'],
  role: ['角色'],
} as const;
export type SheetColumn = keyof typeof SHEET_COLUMNS;
/** Where each column is in a row (absent: the sheet lacks it). */
export type ColumnIndex = Partial<Record<SheetColumn, number>>;
const OPTIONAL: SheetColumn[] = ['role'];

const ROLE_WORDS: Record<string, GridRole> = {
  网格长: 'leader', 副网格长: 'deputy', 网格员: 'member', 成员: 'member', '': 'member',
  leader: 'leader', deputy: 'deputy', member: 'member',
};

export interface SheetRow {
  /** The row number a person sees in the spreadsheet (the header is row 1). */
  row: number;
  cells: string[];
}

export interface ImportRow {
  row: number;
  street: string;
  unit: string;
  creditCode: string;
  industry: string;
  /** The sheet's own label, when the table mapped it to `industry`. */
  industryLabel?: string;
  kind: 'enterprise' | 'village';
  /** The statistician, when the row names one. */
  person?: { name: string; phone: string; role: GridRole };
}

export interface RowError {
  row: number;
  reason: Text;
}

export interface SheetRules {
  streets: ReadonlyArray<{ code: string; name: string }>;
  industries: readonly string[];
  /** The "industry" of villages and communities. */
  villageIndustry: string;
  /** Other labels (GB/T 4754 sections) → one of the groups above. */
  industryMap?: Readonly<Record<string, string>>;
}

/** "角色 (网格长/副网格长/网格员)" → "角色": spaces and a trailing note in brackets are dropped. */
const headerKey = (h: string) => h.replace(/\s/g, '').replace(/[（(][^）)]*[）)]$/, '');

/** Which column holds what; the names of required columns the header lacks. */
export function mapColumns(header: string[]): { index: ColumnIndex; missing: string[] } {
  const keys = header.map(headerKey);
  const index: ColumnIndex = {};
  const missing: string[] = [];
  for (const [column, names] of Object.entries(SHEET_COLUMNS) as Array<[SheetColumn, readonly string[]]>) {
    const at = keys.findIndex((k) => names.includes(k));
    if (at >= 0) index[column] = at;
    else if (!OPTIONAL.includes(column)) missing.push(names[0]!);
  }
  return { index, missing };
}

/** A street by code, full name, or name without 街道/镇 ("景山", "景山街道", "JS"). */
function streetFinder(streets: SheetRules['streets']): (text: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const s of streets) {
    for (const key of [s.code.toUpperCase(), s.name, s.name.replace(/(街道|镇)$/, '')]) byKey.set(key, s.code);
  }
  return (text) => byKey.get(text) ?? byKey.get(text.toUpperCase());
}

/**
 * A checker of rows one at a time, in sheet order (it remembers codes and phones to find repeats),
 * so a sheet can be checked as it is read. A row with any error gets all its reasons.
 */
export function rowChecker(
  index: ColumnIndex,
  rules: SheetRules,
): (row: SheetRow) => { ok: ImportRow } | { error: RowError } {
  const findStreet = streetFinder(rules.streets);
  const industries = [...rules.industries, rules.villageIndustry];
  const mapIndustry = industryMapper(rules.industryMap ?? {});
  const codeRow = new Map<string, number>();
  const phoneName = new Map<string, { name: string; row: number }>();

  return ({ row, cells }) => {
    const cell = (c: SheetColumn) => (index[c] === undefined ? '' : (cells[index[c]!] ?? '').trim());
    const zh: string[] = [];
    const en: string[] = [];
    const fail = (text: Text) => {
      zh.push(text['zh-CN']);
      en.push(text.en);
    };

    const streetText = cell('street');
    const street = findStreet(streetText);
    if (!streetText) fail(bi('街道/镇为空', 'no street'));
    else if (!street) fail(bi(`没有「${streetText}」这个街道/镇`, `unknown street "${streetText}"`));

    const unit = cell('unit');
    if (!unit) fail(bi('单位名称为空', 'no unit name'));
    else if (unit.length > 100) fail(bi('单位名称超过 100 字', 'unit name longer than 100 characters'));
    else if (looksLikeFormula(unit)) fail(bi('单位名称不能以 = + - @ 开头（表格软件会当作公式）', 'a unit name may not start with = + - @ (spreadsheets take it for a formula)'));

    const codeText = cell('creditCode');
    const creditCode = normalizeCreditCode(codeText);
    if (!codeText) fail(bi('统一社会信用代码为空', 'no credit code'));
    else if (!creditCode) fail(bi(`统一社会信用代码「${codeText}」无效（应为 18 位且校验位正确）`, `credit code "${codeText}" is not valid (18 characters with a correct check character)`));
    else if (codeRow.has(creditCode)) fail(bi(`统一社会信用代码与第 ${codeRow.get(creditCode)} 行重复`, `credit code repeats row ${codeRow.get(creditCode)}`));

    const label = cell('industry');
    const industry = industries.includes(label) ? label : (mapIndustry(label) ?? label);
    if (!industries.includes(industry)) {
      const also = rules.industryMap ? bi('，也不是对照表中的国民经济行业门类', ' nor a section of the national classification in the table') : bi('', '');
      fail(bi(`行业「${label}」不在 ${industries.join('、')} 之中${also['zh-CN']}`, `industry "${label}" is not one of ${industries.join(', ')}${also.en}`));
    }

    const name = cell('person');
    const phoneText = cell('phone');
    const roleText = cell('role');
    const role = keywordOf(ROLE_WORDS, roleText);
    const phone = phoneText ? normalizePhone(phoneText) : undefined;
    if (name || phoneText || roleText) {
      if (!name) fail(bi('有手机号或角色但统计员姓名为空', 'a phone or role but no statistician name'));
      else if (name.length > 20) fail(bi('统计员姓名超过 20 字', 'statistician name longer than 20 characters'));
      else if (!isPersonName(name)) fail(bi(`统计员姓名「${name}」只能由文字、· 和空格组成`, `statistician name "${name}" may hold only letters, · and spaces`));
      if (!phoneText) fail(bi('统计员手机号为空', 'no statistician phone'));
      else if (!phone) fail(bi(`手机号「${phoneText}」不是有效的手机号`, `"${phoneText}" is not a valid mobile number`));
      if (!role) fail(bi(`角色「${roleText}」应为网格长、副网格长或网格员`, `role "${roleText}" should be 网格长, 副网格长 or 网格员`));
      const seen = phone ? phoneName.get(phone) : undefined;
      if (seen && name && seen.name !== name) {
        fail(bi(`手机号 ${phone} 在第 ${seen.row} 行是「${seen.name}」`, `phone ${phone} belongs to "${seen.name}" in row ${seen.row}`));
      }
    }

    if (zh.length) return { error: { row, reason: bi(zh.join('；'), en.join('; ')) } };
    codeRow.set(creditCode!, row);
    if (phone && !phoneName.has(phone)) phoneName.set(phone, { name, row });
    return {
      ok: {
        row,
        street: street!,
        unit,
        creditCode: creditCode!,
        industry,
        ...(industry !== label && { industryLabel: label }),
        kind: industry === rules.villageIndustry ? 'village' : 'enterprise',
        person: name ? { name, phone: phone!, role: role! } : undefined,
      },
    };
  };
}

/** Every row checked; a row with any error is reported (all its reasons) and left out. */
export function checkRows(
  rows: Iterable<SheetRow>,
  index: ColumnIndex,
  rules: SheetRules,
): { rows: ImportRow[]; errors: RowError[] } {
  const check = rowChecker(index, rules);
  const ok: ImportRow[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const result = check(row);
    if ('ok' in result) ok.push(result.ok);
    else errors.push(result.error);
  }
  return { rows: ok, errors };
}
