import { bi, type Text } from '../i18n/text.js';

/** Who may run a command, from least to most; each role includes the ones below it. */
export const ROLES = ['anyone', 'registered', 'member', 'deputy', 'leader', 'streetAdmin', 'bureauAdmin'] as const;
export type Role = (typeof ROLES)[number];

export const roleRank = (role: Role) => ROLES.indexOf(role);
export const atLeast = (role: Role, min: Role) => roleRank(role) >= roleRank(min);
export const higher = (a: Role, b: Role): Role => (roleRank(a) >= roleRank(b) ? a : b);

export const ROLE_NAMES: Record<Role, Text> = {
  anyone: bi('任何人', 'anyone'),
  registered: bi('已登记用户', 'registered users'),
  member: bi('网格员', 'grid members'),
  deputy: bi('副网格长', 'deputy leaders'),
  leader: bi('网格长', 'grid leaders'),
  streetAdmin: bi('街道管理员', 'street admins'),
  bureauAdmin: bi('区统计局管理员', 'bureau admins'),
};

/** "网格长、街道管理员、区统计局管理员": the roles at or above `min`, for a refusal. */
export function whoMay(min: Role): Text {
  const allowed = ROLES.filter((r) => atLeast(r, min) && r !== 'anyone' && r !== 'registered');
  const names = allowed.length ? allowed : (['registered'] as Role[]);
  return bi(names.map((r) => ROLE_NAMES[r]['zh-CN']).join('、'), names.map((r) => ROLE_NAMES[r].en).join(', '));
}
