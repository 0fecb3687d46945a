import { withCheckCharacter } from '../domain/creditCode.js';
import { districtGridName, level3GridCode, level3GridName, streetGridName, streetShortName } from '../domain/gridNames.js';
import { DEFAULT_PARTITION_RULES, partitionStreet, type PartitionObject } from '../domain/gridPartition.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import { GridModel } from '../store/models/grid.js';
import { identityKey, MemberModel, type GridRole } from '../store/models/member.js';
import { rebuildRosters } from '../store/rosters.js';
import { StatHomeModel } from '../store/models/statHome.js';
import { SurveyObjectModel } from '../store/models/surveyObject.js';
import { markAutumnJoiners, seedDemoYear, type DemoYearSummary } from './demoYear.js';
import { NameGenerator, seededRandom } from './names.js';
import { DISTRICT, INDUSTRIES, STREETS, VILLAGE_INDUSTRY } from './ouhai.js';

/** The console "platform" id of a demo person is their phone; its chat id for a grid is the grid code. */
export const CONSOLE = 'console';

interface DemoMember {
  name: string;
  phone: string;
  unit: string;
  unitCode?: string;
  memberships: Array<{ grid: string; role: GridRole; since?: Date }>;
}

const INDUSTRY_WEIGHTS: Array<[string, number]> = [
  [INDUSTRIES[0], 0.42], [INDUSTRIES[1], 0.22], [INDUSTRIES[2], 0.2], [INDUSTRIES[3], 0.1], [INDUSTRIES[4], 0.06],
];
const UNIT_WORDS = ['鸿达', '瓯江', '华信', '东瑞', '新源', '恒丰', '兴业', '金桥', '永泰', '嘉诚', '宏图', '瑞丰', '正大', '天成', '润华', '宇通'];
const UNIT_KIND: Record<string, string> = {
  工业: '制造有限公司', 贸易: '商贸有限公司', 服务业: '服务有限公司', 建筑业: '建设有限公司', 房地产: '置业有限公司',
};

export interface DemoSummary {
  streets: number;
  grids: number;
  surveyObjects: number;
  members: number;
  /** The year so far, up to `now`. */
  history: DemoYearSummary;
}

/** Builds the demo district on an empty database, with its history of the year up to `now`; returns what it wrote. */
export async function seedDemoDistrict(seed = 2022, now = new Date()): Promise<DemoSummary> {
  const random = seededRandom(seed);
  const names = new NameGenerator(random);
  let phoneSeq = 0;
  const phone = () => `139${String(57_000_000 + ++phoneSeq * 7).padStart(8, '0')}`;
  const members: DemoMember[] = [];
  const person = (unit: string, memberships: DemoMember['memberships'], unitCode?: string): DemoMember => {
    const m = { name: names.next(), phone: phone(), unit, unitCode, memberships };
    members.push(m);
    return m;
  };
  const pickIndustry = () => {
    let r = random();
    for (const [industry, w] of INDUSTRY_WEIGHTS) if ((r -= w) < 0) return industry;
    return INDUSTRIES[0];
  };

  const grids: Array<{ code: string; name: string; level: number; industry?: string; parent?: string; street?: string }> = [
    { code: DISTRICT.code, name: districtGridName(DISTRICT.name), level: 1 },
  ];
  const objects: Array<{ creditCode: string; name: string; kind: string; industry: string; street: string; grid: string }> = [];
  const homes: Array<{ code: string; name: string; scope: string; street: string; grid?: string; address: string }> = [];

  person('区人民政府', [{ grid: DISTRICT.code, role: 'leader' }]);
  person('区政府办公室', [{ grid: DISTRICT.code, role: 'deputy' }]);
  person('区统计局', [{ grid: DISTRICT.code, role: 'deputy' }]);
  for (const dept of ['区发改局', '区经信局', '区商务局', '区住建局']) person(dept, [{ grid: DISTRICT.code, role: 'member' }]);

  let objectSeq = 0;
  for (const street of STREETS) {
    grids.push({ code: street.code, name: streetGridName(street.name), level: 2, parent: DISTRICT.code, street: street.code });
    const short = streetShortName(street.name);
    person(`${street.name}办事处`, [{ grid: street.code, role: 'leader' }, { grid: DISTRICT.code, role: 'member' }]);
    person(`${street.name}办事处`, [{ grid: street.code, role: 'deputy' }]);
    homes.push({ code: `${street.code}-H`, name: `${street.name}统计之家`, scope: 'street', street: street.code, address: `${street.name}便民服务中心二楼` });
    for (const [i, park] of (street.parks ?? []).entries()) {
      homes.push({ code: `${street.code}-P${i + 1}`, name: `${park}统计之家`, scope: 'park', street: street.code, address: `${park}管委会` });
    }

    const streetObjects: Array<PartitionObject & { name: string; kind: string }> = [];
    const enterprises = 24 + Math.floor(random() * 30);
    for (let i = 0; i < enterprises; i++) {
      const industry = pickIndustry();
      const word = UNIT_WORDS[Math.floor(random() * UNIT_WORDS.length)]!;
      objectSeq++;
      streetObjects.push({
        id: withCheckCharacter(`91330304${String(objectSeq).padStart(9, '0')}`),
        name: `温州${word}${UNIT_KIND[industry]}（${short}${i + 1}）`,
        kind: 'enterprise',
        industry,
      });
    }
    const villages = 3 + Math.floor(random() * 5);
    for (let i = 0; i < villages; i++) {
      objectSeq++;
      const id = withCheckCharacter(`54330304${String(objectSeq).padStart(9, '0')}`);
      streetObjects.push({ id, name: `${short}第${i + 1}村（居）`, kind: 'village', industry: VILLAGE_INDUSTRY });
    }

    const { assignment, newGrids } = partitionStreet(streetObjects, [], DEFAULT_PARTITION_RULES, (i) => level3GridCode(street.code, i + 1));
    const staff = Array.from({ length: Math.ceil(newGrids.length / 2) }, () => person(`${street.name}统计站`, [{ grid: street.code, role: 'member' }]));
    newGrids.forEach((g, i) => {
      grids.push({ code: g.code, name: level3GridName(street.name, g.industry, i + 1), level: 3, industry: g.industry, parent: street.code, street: street.code });
      staff[Math.floor(i / 2)]!.memberships.push({ grid: g.code, role: 'leader' });
      if (i === 0) homes.push({ code: `${g.code}-H`, name: `${short}网格${i + 1}统计之家`, scope: 'grid', street: street.code, grid: g.code, address: '网格内企业会议室' });
    });
    const deputyChosen = new Set<string>();
    for (const o of streetObjects) {
      const grid = assignment.get(o.id)!;
      objects.push({ creditCode: o.id, name: o.name, kind: o.kind, industry: o.industry, street: street.code, grid });
      const role: GridRole = deputyChosen.has(grid) ? 'member' : 'deputy';
      deputyChosen.add(grid);
      person(o.name, [{ grid, role }], o.id);
    }
  }

  const gridByCode = new Map(grids.map((g) => [g.code, g]));
  markAutumnJoiners(members, gridByCode, now, random);

  await GridModel.insertMany(grids, { ordered: false });
  await SurveyObjectModel.insertMany(objects, { ordered: false });
  await StatHomeModel.insertMany(homes, { ordered: false });
  const stored = await MemberModel.insertMany(
    members.map((m) => ({ ...m, identities: [identityKey(CONSOLE, m.phone)] })),
    { ordered: false },
  );
  await rebuildRosters();
  await ChatBindingModel.insertMany(
    grids.map((g) => ({ platform: CONSOLE, chatId: g.code, grid: g.code, title: g.name, boundBy: 'seed' })),
    { ordered: false },
  );
  const people = stored.map((d, i) => ({ id: d._id.toString(), name: members[i]!.name, memberships: members[i]!.memberships }));
  const history = await seedDemoYear(people, grids, now, random);
  return { streets: STREETS.length, grids: grids.length, surveyObjects: objects.length, members: members.length, history };
}

export async function isEmptyDistrict(): Promise<boolean> {
  return (await GridModel.estimatedDocumentCount()) === 0;
}
