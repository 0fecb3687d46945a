import type { Model } from 'mongoose';
import { UserError } from '../core/errors.js';
import { districtGridName, level3GridCode, level3GridName, level3GridNumber, streetGridName } from '../domain/gridNames.js';
import { partitionStreet, type PartitionObject, type PartitionRules } from '../domain/gridPartition.js';
import { higherRole, plainMemberships, replacedLeaders, roleIn, sameMemberships, sheetRole, withoutGrid, withRole, type GridRole, type Membership } from '../domain/gridRoles.js';
import { mapColumns, rowChecker, type ColumnIndex, type ImportRow, type RowError, type SheetRow } from '../domain/surveySheet.js';
import { maskPhone } from '../domain/phone.js';
import { DISTRICT, INDUSTRIES, INDUSTRY_MAP, STREETS, VILLAGE_INDUSTRY } from '../seed/ouhai.js';
import { mappingLine, type IndustryMapping } from '../domain/industryNames.js';
import { GRID_ROLE_NAMES } from '../i18n/domainNames.js';
import { bi, type Text } from '../i18n/text.js';
import { GridModel } from '../store/models/grid.js';
import { MemberModel } from '../store/models/member.js';
import { SurveyObjectModel } from '../store/models/surveyObject.js';
import type { Sheet } from './readSheet.js';

export interface GridDoc {
  code: string;
  name: string;
  level: number;
  industry?: string;
  parent?: string;
  street?: string;
}

export interface ObjectDoc {
  creditCode: string;
  name: string;
  kind: 'enterprise' | 'village';
  industry: string;
  street: string;
  grid: string;
}

export interface MemberDoc {
  name: string;
  phone: string;
  unit: string;
  unitCode?: string;
  memberships: Membership[];
}

/** What an import would write: only what differs from the store, so a second run writes nothing. */
export interface ImportPlan {
  rows: number;
  errors: RowError[];
  newGrids: GridDoc[];
  /** `unchanged` counts the sheet's own rows and people; others appear only when they change (a grid overflowed, a leader was replaced). */
  objects: { insert: ObjectDoc[]; update: Array<{ id: unknown; set: Partial<ObjectDoc> }>; unchanged: number };
  /** A member's update carries them as they will be, and the grids they were in (for the rosters). */
  members: { insert: MemberDoc[]; update: Array<{ id: unknown; set: Partial<MemberDoc>; doc: MemberDoc; formerGrids: string[] }>; unchanged: number };
  /** One line per change, for the dry run: the first of them, and how many in all. */
  changes: ChangeLog;
  /** Objects per level-3 grid of the streets in the file, after the import. */
  gridSizes: Map<string, number>;
  /** Industry labels the table mapped to a group (GB/T 4754 names), said in the dry run. */
  industryMappings: IndustryMapping[];
}

/** The dry run's lines on the industry table: which labels it took as which group. */
export const mappingLines = (plan: Pick<ImportPlan, 'industryMappings'>): Text[] => plan.industryMappings.map(mappingLine);

/** Change lines kept for a person to read; a first import of a district has a million changes. */
export const CHANGES_KEPT = 200;

export class ChangeLog {
  readonly lines: Text[] = [];
  count = 0;

  /** `line` is only called for a line that is kept. */
  add(line: () => Text): void {
    if (this.count++ < CHANGES_KEPT) this.lines.push(line());
  }
}

/** Up to this many keys are looked up with `$in`; more, and one pass over the collection is cheaper. */
const IN_LIMIT = 1000;

/**
 * Documents whose `field` is one of `keys`. FerretDB tests `$in` against every document in turn
 * (10,000 phones among 20,000 members took 7.5 s, a full pass 1.7 s), and on MongoDB a pass over
 * 600,000 small documents takes seconds, so a long list reads the collection once instead.
 */
async function findByKeys<T extends Record<string, unknown>>(model: Model<any>, field: string, keys: string[], projection: Record<string, 1>): Promise<T[]> {
  if (!keys.length) return [];
  if (keys.length <= IN_LIMIT) return model.find({ [field]: { $in: keys } }, projection).lean<T[]>();
  const wanted = new Set(keys);
  const found: T[] = [];
  for await (const doc of model.find({}, projection).lean().cursor()) if (wanted.has((doc as T)[field] as string)) found.push(doc as T);
  return found;
}

type StoredObject = ObjectDoc & { _id: unknown; [key: string]: unknown };
type StoredMember = MemberDoc & { _id: unknown; [key: string]: unknown };

const OBJECT_FIELDS: Record<string, 1> = { creditCode: 1, name: 1, kind: 1, industry: 1, street: 1, grid: 1 };
const MEMBER_FIELDS: Record<string, 1> = { name: 1, phone: 1, unit: 1, unitCode: 1, memberships: 1 };

/** Reads the sheet against the store and works out every write; writes nothing. */
export async function planImport(sheet: Sheet, rules: PartitionRules): Promise<ImportPlan> {
  const { index, missing } = mapColumns(sheet.header);
  if (missing.length) {
    throw new UserError(bi(`表头缺少这些列：${missing.join('、')}。`, `The header lacks these columns: ${missing.join(', ')}.`));
  }
  const plan: ImportPlan = {
    rows: 0,
    errors: [],
    newGrids: [],
    objects: { insert: [], update: [], unchanged: 0 },
    members: { insert: [], update: [], unchanged: 0 },
    changes: new ChangeLog(),
    gridSizes: new Map(),
    industryMappings: [],
  };
  const rows = await checkedRows(sheet.rows, index, plan);
  if (plan.errors.length) return plan;

  const streets = [...new Set(rows.map((r) => r.street))].sort();
  const phones = [...new Set(rows.flatMap((r) => (r.person ? [r.person.phone] : [])))];
  // Read side by side: on FerretDB the time goes to preparing each document returned, and each read
  // is prepared on a core of its own.
  const [grids, inStreets, statisticians] = await Promise.all([
    GridModel.find({ $or: [{ level: 1 }, { street: { $in: streets } }] }, { code: 1, level: 1, industry: 1, street: 1 }).lean(),
    SurveyObjectModel.find({ street: { $in: streets } }, OBJECT_FIELDS).lean<StoredObject[]>(),
    findByKeys<StoredMember>(MemberModel, 'phone', phones, MEMBER_FIELDS),
  ]);
  const stored = new Map(inStreets.map((o) => [o.creditCode, o]));
  // Objects of the file kept elsewhere so far: they change street.
  const elsewhere = rows.map((r) => r.creditCode).filter((c) => !stored.has(c));
  for (const o of await findByKeys<StoredObject>(SurveyObjectModel, 'creditCode', elsewhere, OBJECT_FIELDS)) stored.set(o.creditCode, o);

  planTreeGrids(plan, grids, streets);
  const placed = drawGrids(plan, rows, inStreets, stored, grids, streets, rules);
  planObjects(plan, rows, inStreets, stored, placed);
  await planMembers(plan, rows, stored, placed, statisticians);
  return plan;
}

/**
 * The sheet's rows, checked as they are read, so the only copy of the sheet held is its checked
 * rows; counts them and notes their errors in the plan.
 */
async function checkedRows(sheetRows: AsyncIterable<SheetRow>, index: ColumnIndex, plan: ImportPlan): Promise<ImportRow[]> {
  const check = rowChecker(index, { streets: STREETS, industries: INDUSTRIES, villageIndustry: VILLAGE_INDUSTRY, industryMap: INDUSTRY_MAP });
  const rows: ImportRow[] = [];
  const mapped = new Map<string, IndustryMapping>();
  for await (const row of sheetRows) {
    plan.rows++;
    const result = check(row);
    if ('error' in result) plan.errors.push(result.error);
    else {
      const { industryLabel: label, industry: group } = result.ok;
      if (label) mapped.set(label, { label, group, rows: (mapped.get(label)?.rows ?? 0) + 1 });
      if (!plan.errors.length) rows.push(result.ok); // a sheet with errors is not written: its rows need not be kept
    }
  }
  plan.industryMappings = [...mapped.values()];
  return rows;
}

/** The district and street grids the file's streets hang from, when the store lacks them. */
function planTreeGrids(plan: ImportPlan, grids: Array<{ code: string }>, streets: string[]): void {
  const have = new Set(grids.map((g) => g.code));
  if (!have.has(DISTRICT.code)) plan.newGrids.push({ code: DISTRICT.code, name: districtGridName(DISTRICT.name), level: 1 });
  for (const s of STREETS.filter((s) => streets.includes(s.code) && !have.has(s.code))) {
    plan.newGrids.push({ code: s.code, name: streetGridName(s.name), level: 2, parent: DISTRICT.code, street: s.code });
  }
  for (const g of plan.newGrids) plan.changes.add(() => bi(`新网格 ${g.code} ${g.name}`, `new grid ${g.code} ${g.name}`));
}

/** Level-3 grids of every street in the file, drawn again; returns credit code → grid. */
function drawGrids(
  plan: ImportPlan,
  rows: ImportRow[],
  inStreets: StoredObject[],
  stored: Map<string, StoredObject>,
  grids: Array<{ code: string; level: number; industry?: string | null; street?: string | null }>,
  streets: string[],
  rules: PartitionRules,
): Map<string, string> {
  const fileRow = new Map(rows.map((r) => [r.creditCode, r]));
  const byStreet = new Map<string, PartitionObject[]>(streets.map((s) => [s, []]));
  const placedAs = (o: StoredObject | undefined, street: string) =>
    o?.grid && o.street === street ? { grid: o.grid, industry: o.industry } : undefined;
  // Objects the file does not mention stay as they are, but still fill their grids.
  for (const o of inStreets) {
    if (!fileRow.has(o.creditCode)) byStreet.get(o.street)!.push({ id: o.creditCode, industry: o.industry, current: placedAs(o, o.street) });
  }
  for (const r of rows) byStreet.get(r.street)!.push({ id: r.creditCode, industry: r.industry, current: placedAs(stored.get(r.creditCode), r.street) });

  const assignment = new Map<string, string>();
  for (const street of streets) {
    const existing = grids.filter((g) => g.level === 3 && g.street === street).map((g) => ({ code: g.code, industry: g.industry ?? '' }));
    let next = Math.max(0, ...existing.map((g) => level3GridNumber(street, g.code) ?? 0)) + 1;
    const numbers: number[] = [];
    const result = partitionStreet(byStreet.get(street)!, existing, rules, () => {
      numbers.push(next);
      return level3GridCode(street, next++);
    });
    const streetName = STREETS.find((s) => s.code === street)!.name;
    result.newGrids.forEach((g, i) => {
      const grid = { code: g.code, name: level3GridName(streetName, g.industry, numbers[i]!), level: 3, industry: g.industry, parent: street, street };
      plan.newGrids.push(grid);
      plan.changes.add(() => bi(`新网格 ${grid.code} ${grid.name}`, `new grid ${grid.code} ${grid.name}`));
    });
    for (const [id, grid] of result.assignment) {
      assignment.set(id, grid);
      plan.gridSizes.set(grid, (plan.gridSizes.get(grid) ?? 0) + 1);
    }
  }
  return assignment;
}

const OBJECT_LABELS: Array<[keyof ObjectDoc, Text]> = [
  ['name', bi('名称', 'name')], ['kind', bi('类型', 'kind')], ['industry', bi('行业', 'industry')],
  ['street', bi('街道', 'street')], ['grid', bi('网格', 'grid')],
];

function planObjects(plan: ImportPlan, rows: ImportRow[], inStreets: StoredObject[], stored: Map<string, StoredObject>, placed: Map<string, string>): void {
  const wanted = new Map<string, ObjectDoc>();
  for (const o of inStreets) wanted.set(o.creditCode, { creditCode: o.creditCode, name: o.name, kind: o.kind, industry: o.industry, street: o.street, grid: placed.get(o.creditCode)! });
  for (const r of rows) {
    wanted.set(r.creditCode, { creditCode: r.creditCode, name: r.unit, kind: r.kind, industry: r.industry, street: r.street, grid: placed.get(r.creditCode)! });
  }
  const inFile = new Set(rows.map((r) => r.creditCode));
  for (const doc of wanted.values()) {
    const before = stored.get(doc.creditCode);
    if (!before) {
      plan.objects.insert.push(doc);
      plan.changes.add(() => bi(`新增 ${doc.name}（${doc.creditCode}）→ ${doc.grid}`, `add ${doc.name} (${doc.creditCode}) → ${doc.grid}`));
      continue;
    }
    const diff = OBJECT_LABELS.filter(([field]) => before[field] !== doc[field]);
    if (!diff.length) {
      if (inFile.has(doc.creditCode)) plan.objects.unchanged++;
      continue;
    }
    plan.objects.update.push({ id: before._id, set: Object.fromEntries(diff.map(([f]) => [f, doc[f]])) });
    const what = (lang: 'zh-CN' | 'en') => diff.map(([f, label]) => `${label[lang]} ${before[f] ?? '-'}→${doc[f]}`).join(lang === 'en' ? ', ' : '，');
    plan.changes.add(() => bi(`变更 ${doc.name}（${doc.creditCode}）：${what('zh-CN')}`, `change ${doc.name} (${doc.creditCode}): ${what('en')}`));
  }
}

interface Person {
  name: string;
  phone: string;
  unit: string;
  unitCode: string;
  /** Grid → the highest role the sheet gives this person there. */
  roles: Map<string, GridRole>;
}

/**
 * The statisticians of the sheet: new ones, changed ones, and leaders a new leader replaces.
 * `statisticians` are the stored members with the sheet's phones.
 */
async function planMembers(
  plan: ImportPlan,
  rows: ImportRow[],
  stored: Map<string, StoredObject>,
  placed: Map<string, string>,
  statisticians: StoredMember[],
): Promise<void> {
  const people = new Map<string, Person>();
  const leaderOf = new Map<string, { phone: string; row: number }>();
  for (const r of rows) {
    if (!r.person) continue;
    const grid = placed.get(r.creditCode)!;
    const p = people.get(r.person.phone) ?? { name: r.person.name, phone: r.person.phone, unit: r.unit, unitCode: r.creditCode, roles: new Map() };
    people.set(p.phone, p);
    p.roles.set(grid, higherRole(p.roles.get(grid) ?? 'member', r.person.role));
    if (r.person.role !== 'leader') continue;
    const first = leaderOf.get(grid);
    if (first && first.phone !== p.phone) {
      plan.errors.push({
        row: r.row,
        reason: bi(`与第 ${first.row} 行都是网格 ${grid} 的网格长（一个网格只有一位网格长）`, `row ${first.row} is also leader of grid ${grid} (a grid has one leader)`),
      });
    } else leaderOf.set(grid, { phone: p.phone, row: r.row });
  }
  if (plan.errors.length) return;

  const current = new Map(statisticians.map((m) => [m.phone, m]));
  // Members of grids getting a leader from the sheet, to find the leaders they replace.
  const ledGrids = [...leaderOf.keys()];
  const inLedGrids = ledGrids.length ? await MemberModel.find({ 'memberships.grid': { $in: ledGrids } }, MEMBER_FIELDS).lean<StoredMember[]>() : [];
  for (const m of inLedGrids) if (!current.has(m.phone)) current.set(m.phone, m);

  const next = new Map<string, Membership[]>([...current].map(([phone, m]) => [phone, plainMemberships(m.memberships)]));
  // A statistician whose object moved leaves the grid it left, unless they hold office there or the sheet keeps them there.
  for (const r of rows) {
    const before = stored.get(r.creditCode)?.grid;
    const ms = r.person && next.get(r.person.phone);
    if (!ms || !before || before === placed.get(r.creditCode) || people.get(r.person!.phone)!.roles.has(before)) continue;
    if (roleIn(ms, before) === 'member') next.set(r.person!.phone, withoutGrid(ms, before));
  }
  for (const p of people.values()) {
    let ms = next.get(p.phone) ?? [];
    for (const [grid, role] of p.roles) ms = withRole(ms, grid, sheetRole(roleIn(ms, grid), role));
    next.set(p.phone, ms);
  }
  const inGrid = new Map<string, Array<{ id: string; memberships: Membership[] }>>(ledGrids.map((g) => [g, []]));
  for (const [id, memberships] of next) for (const m of memberships) inGrid.get(m.grid)?.push({ id, memberships });
  for (const [grid, { phone }] of leaderOf) {
    for (const old of replacedLeaders(inGrid.get(grid)!, grid, phone)) next.set(old.id, withRole(next.get(old.id)!, grid, 'member'));
  }

  for (const [phone, memberships] of next) {
    const before = current.get(phone);
    const p = people.get(phone);
    const doc: MemberDoc = { name: p?.name ?? before!.name, phone, unit: p?.unit ?? before!.unit ?? '', unitCode: p?.unitCode ?? before!.unitCode, memberships };
    if (!before) {
      plan.members.insert.push(doc);
      plan.changes.add(() => bi(`新成员 ${doc.name} ${maskPhone(phone)}：${rolesText(memberships, 'zh-CN')}`, `new member ${doc.name} ${maskPhone(phone)}: ${rolesText(memberships, 'en')}`));
      continue;
    }
    const set: Partial<MemberDoc> = {};
    if (before.name !== doc.name) set.name = doc.name;
    if ((before.unit ?? '') !== doc.unit) set.unit = doc.unit;
    if (before.unitCode !== doc.unitCode) set.unitCode = doc.unitCode;
    if (!sameMemberships(plainMemberships(before.memberships), memberships)) set.memberships = memberships;
    if (!Object.keys(set).length) {
      if (p) plan.members.unchanged++;
      continue;
    }
    plan.members.update.push({ id: before._id, set, doc, formerGrids: before.memberships.map((m) => m.grid) });
    const what = (lang: 'zh-CN' | 'en') =>
      [
        set.name && `${before.name}→${set.name}`,
        set.unit !== undefined && `${lang === 'en' ? 'unit' : '单位'} ${set.unit}`,
        set.memberships && rolesText(memberships, lang),
      ].filter(Boolean).join(lang === 'en' ? '; ' : '；');
    plan.changes.add(() => bi(`成员 ${doc.name} ${maskPhone(phone)}：${what('zh-CN')}`, `member ${doc.name} ${maskPhone(phone)}: ${what('en')}`));
  }
}

const rolesText = (ms: Membership[], lang: 'zh-CN' | 'en') => ms.map((m) => `${m.grid} ${GRID_ROLE_NAMES[m.role][lang]}`).join(lang === 'en' ? ', ' : '、');
