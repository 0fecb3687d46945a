import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { GridModel } from '../../src/store/models/grid.js';
import { identityKey, MemberModel } from '../../src/store/models/member.js';
import { rebuildRosters } from '../../src/store/rosters.js';

/**
 * A small district for integration tests: district OH, streets JS and XQ, grids JS-01, JS-02, XQ-01.
 * People are keyed by a short handle; their console user id is their phone.
 */
export const PEOPLE = {
  bureau: { name: '区统计员', phone: '13900000001', memberships: [{ grid: 'OH', role: 'deputy' }] },
  streetJS: { name: '景山主任', phone: '13900000002', memberships: [{ grid: 'JS', role: 'deputy' }] },
  streetXQ: { name: '新桥主任', phone: '13900000003', memberships: [{ grid: 'XQ', role: 'deputy' }] },
  leader1: { name: '一格长', phone: '13900000011', memberships: [{ grid: 'JS-01', role: 'leader' }, { grid: 'JS', role: 'member' }] },
  deputy1: { name: '一副长', phone: '13900000012', memberships: [{ grid: 'JS-01', role: 'deputy' }] },
  member1: { name: '一组员', phone: '13900000013', memberships: [{ grid: 'JS-01', role: 'member' }] },
  member1b: { name: '一组员乙', phone: '13900000014', memberships: [{ grid: 'JS-01', role: 'member' }] },
  member1c: { name: '一组员丙', phone: '13900000015', memberships: [{ grid: 'JS-01', role: 'member' }] },
  leader2: { name: '二格长', phone: '13900000021', memberships: [{ grid: 'JS-02', role: 'leader' }] },
  member2: { name: '二组员', phone: '13900000022', memberships: [{ grid: 'JS-02', role: 'member' }] },
  leaderXQ: { name: '新格长', phone: '13900000031', memberships: [{ grid: 'XQ-01', role: 'leader' }] },
  memberXQ: { name: '新组员', phone: '13900000032', memberships: [{ grid: 'XQ-01', role: 'member' }] },
  /** In the directory but not yet linked to any chat account. */
  unlinked: { name: '未登记', phone: '13900000099', memberships: [{ grid: 'JS-01', role: 'member' }] },
} as const;

export type Handle = keyof typeof PEOPLE;
export const phoneOf = (h: Handle) => PEOPLE[h].phone;

export async function seedSmallDistrict(): Promise<void> {
  await GridModel.insertMany([
    { code: 'OH', name: '瓯海区统计网格', level: 1 },
    { code: 'JS', name: '景山街道统计网格', level: 2, parent: 'OH', street: 'JS' },
    { code: 'XQ', name: '新桥街道统计网格', level: 2, parent: 'OH', street: 'XQ' },
    { code: 'JS-01', name: '景山工业网格1', level: 3, industry: '工业', parent: 'JS', street: 'JS' },
    { code: 'JS-02', name: '景山贸易网格2', level: 3, industry: '贸易', parent: 'JS', street: 'JS' },
    { code: 'XQ-01', name: '新桥工业网格1', level: 3, industry: '工业', parent: 'XQ', street: 'XQ' },
  ]);
  await MemberModel.insertMany(
    Object.entries(PEOPLE).map(([handle, p]) => ({
      ...p,
      unit: `${p.name}的单位`,
      identities: handle === 'unlinked' ? [] : [identityKey('console', p.phone)],
    })),
  );
  await rebuildRosters();
  await ChatBindingModel.insertMany(
    ['OH', 'JS', 'XQ', 'JS-01', 'JS-02', 'XQ-01'].map((code) => ({ platform: 'console', chatId: code, grid: code })),
  );
}
