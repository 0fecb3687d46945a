import { bi } from '../i18n/text.js';

type Home = { code: string; name: string };

/** Replies about statistics homes: adding, retiring, and holding an activity in one. */
export const HOMES = {
  retired: (h: Home) => bi(`统计之家 ${h.code} ${h.name} 已停用，请换一处。`, `The statistics home ${h.code} ${h.name} is retired; choose another.`),
  otherStreet: (h: Home) =>
    bi(`${h.code} ${h.name} 是别的街道的统计之家。活动只能在本街道或区里的统计之家举行，发送 /统计之家 查看可用的。`,
      `${h.code} ${h.name} belongs to another street. Activities are held in a home of their own street or the district's; send /homes to see them.`),
  added: (h: Home) => bi(`已新增统计之家 ${h.code} ${h.name}。`, `Added the statistics home ${h.code} ${h.name}.`),
  taken: (code: string) => bi(`编号 ${code} 已被占用，请换一个编号。`, `The code ${code} is taken; choose another.`),
  badCode: (code: string, street: string) =>
    bi(`编号「${code}」不对：请写成 ${street}-H2 这样、以本街道编号 ${street} 开头的编号。`, `The code "${code}" is wrong: write one starting with this street's code, like ${street}-H2.`),
  badName: bi('请写上统计之家的名称（30 字以内，以文字开头），例如：/统计之家 新增 JS-H2 景山第二统计之家 景山路1号', 'Give the home a name (up to 30 characters, starting with a letter), e.g. /homes add JS-H2 景山第二统计之家 景山路1号'),
  longAddress: bi('地址请写在 60 字以内。', 'Keep the address within 60 characters.'),
  retiredNow: (h: Home) => bi(`已停用统计之家 ${h.code} ${h.name}；已安排的活动不受影响。`, `Retired the statistics home ${h.code} ${h.name}; activities already arranged stay as they are.`),
  retiredAlready: (h: Home) => bi(`统计之家 ${h.code} ${h.name} 早已停用。`, `The statistics home ${h.code} ${h.name} was retired already.`),
  unknown: (code: string) => bi(`没有「${code}」这个统计之家。发送 /统计之家 查看编号。`, `There is no statistics home "${code}". Send /homes for the codes.`),
  notYours: (h: Home) => bi(`${h.code} ${h.name} 不是您所在街道的统计之家，不能停用。`, `${h.code} ${h.name} is not your street's; you cannot retire it.`),
  needCode: bi('请写上要停用的统计之家编号，例如：/统计之家 停用 JS-H2', 'Name the home to retire, e.g. /homes retire JS-H2'),
  onlyAdmins: bi('只有街道管理员、区统计局管理员可以新增或停用统计之家。', 'Only street and bureau admins may add or retire statistics homes.'),
};
