import { describe, expect, it } from 'vitest';
import { creditCodeCheck, normalizeCreditCode, withCheckCharacter } from '../../src/domain/creditCode.js';
import { checkRows, mapColumns } from '../../src/domain/surveySheet.js';
import { INDUSTRIES, INDUSTRY_MAP, STREETS, VILLAGE_INDUSTRY } from '../../src/seed/ouhai.js';
import { industryMapper } from '../../src/domain/industryNames.js';

const RULES = { streets: STREETS, industries: INDUSTRIES, villageIndustry: VILLAGE_INDUSTRY };
const HEADER = ['街道/镇', '单位名称', '统一社会信用代码', '行业', '统计员姓名', '手机号', '角色'];
const { index } = mapColumns(HEADER);
const A = withCheckCharacter('91330304000000001');
const B = withCheckCharacter('54330304000000002');

describe('unified social credit codes (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', true, 'the standard’s own example'],
    ['91440300708461136T', true, 'a published enterprise code'],
    ['91440300708461136t', true, 'lower case is read as upper case'],
    ['9144 0300 7084 6113 6T', true, 'spaces are dropped'],
    ['91440300708461136U', false, 'a wrong check character'],
    ['91440300708461163T', false, 'two digits swapped'],
    ['9144030070846113', false, 'too short'],
    ['91440300708461136I', false, 'a letter outside the alphabet'],
  ])('%s valid: %s (%s)', (code, valid) => {
    expect(normalizeCreditCode(code) !== undefined).toBe(valid);
  });

  it('computes the check character of generated codes', () => {
    expect(creditCodeCheck('91350100M000100Y4')).toBe('3');
    expect(normalizeCreditCode(A)).toBe(A);
  });
});

describe('the sheet’s header', () => {
  it('finds the columns under their usual names, ignoring spaces and a note in brackets', () => {
    expect(mapColumns(['所属街道', '单位名称', '信用代码', '行业', '统计员', '手机号码', '角色 (网格长/副网格长/网格员)'])).toEqual({
      index: { street: 0, unit: 1, creditCode: 2, industry: 3, person: 4, phone: 5, role: 6 },
      missing: [],
    });
  });

  it('names the required columns that are missing; the role column is optional', () => {
    expect(mapColumns(['单位名称', '行业', '手机号']).missing).toEqual(['街道/镇', '统一社会信用代码', '统计员姓名']);
    expect(mapColumns(HEADER.slice(0, 6)).missing).toEqual([]);
  });
});

describe('checking rows', () => {
  const check = (...cells: string[][]) => checkRows(cells.map((c, i) => ({ row: i + 2, cells: c })), index, RULES);

  it('reads a good row: street by name, short name or code; a village; no statistician', () => {
    const { rows, errors } = check(
      ['景山街道', '甲公司', A, '工业', '张三', '139-0000-0001', '网格长'],
      ['jS', '某村', B, '村居', '', '', ''],
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 2, street: 'JS', unit: '甲公司', creditCode: A, industry: '工业', kind: 'enterprise', person: { name: '张三', phone: '13900000001', role: 'leader' } },
      { row: 3, street: 'JS', unit: '某村', creditCode: B, industry: '村居', kind: 'village', person: undefined },
    ]);
    expect(check(['南白象', '乙', A, '贸易', '李四', '13900000002', '']).rows[0]).toMatchObject({ street: 'NBX', person: { role: 'member' } });
  });

  it.each([
    [['', '甲', A, '工业', '', '', ''], '街道/镇为空'],
    [['景山', '', A, '工业', '', '', ''], '单位名称为空'],
    [['景山', '甲', '', '工业', '', '', ''], '统一社会信用代码为空'],
    [['景山', '甲', A, '', '', '', ''], '行业「」不在 工业、贸易、服务业、建筑业、房地产、村居 之中'],
    [['景山', '甲', A, '工业', '张三', '', ''], '统计员手机号为空'],
    [['景山', '甲', A, '工业', '', '13900000001', ''], '有手机号或角色但统计员姓名为空'],
    [['景山', '甲', A, '工业', '', '', '网格长'], '有手机号或角色但统计员姓名为空；统计员手机号为空'],
    [['火星', '甲', 'X', '农业', '张三', '1', '组长'],
      '没有「火星」这个街道/镇；统一社会信用代码「X」无效（应为 18 位且校验位正确）；行业「农业」不在 工业、贸易、服务业、建筑业、房地产、村居 之中；手机号「1」不是有效的手机号；角色「组长」应为网格长、副网格长或网格员'],
  ])('reports every reason of a bad row: %j', (cells, reason) => {
    expect(check(cells).errors).toEqual([{ row: 2, reason: expect.objectContaining({ 'zh-CN': reason }) }]);
  });

  it('reports a repeated credit code and a phone given to two names, by the earlier row', () => {
    const { rows, errors } = check(
      ['景山', '甲', A, '工业', '张三', '13900000001', ''],
      ['景山', '乙', A, '工业', '李四', '13900000002', ''],
      ['景山', '丙', B, '工业', '王五', '13900000001', ''],
    );
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors.map((e) => e.reason['zh-CN'])).toEqual(['统一社会信用代码与第 2 行重复', '手机号 13900000001 在第 2 行是「张三」']);
  });

  it('lets one statistician serve several units', () => {
    const { rows, errors } = check(['景山', '甲', A, '工业', '张三', '13900000001', ''], ['景山', '乙', B, '贸易', '张三', '13900000001', '']);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(2);
  });
});

describe('national industry names (GB/T 4754 sections) through the table', () => {
  const map = industryMapper(INDUSTRY_MAP);
  it.each([
    ['批发和零售业', '贸易'], ['批发零售业', '贸易'], ['F 批发和零售业', '贸易'], ['住宿和餐饮业', '贸易'], ['住宿餐饮业', '贸易'],
    ['交通运输、仓储和邮政业', '服务业'], ['交通运输仓储和邮政业', '服务业'], ['交通运输业', '服务业'], ['C制造业', '工业'],
    ['房地产业', '房地产'], ['公共管理、社会保障和社会组织', '村居'], ['建筑业', '建筑业'],
  ])('%s → %s', (label, group) => expect(map(label)).toBe(group));
  it.each(['农、林、牧、渔业', '餐饮', '', 'F'])('%s is not in the table', (label) => expect(map(label)).toBeUndefined());
  it('maps every section to a group the sheet accepts', () => {
    for (const group of Object.values(INDUSTRY_MAP)) expect([...INDUSTRIES, VILLAGE_INDUSTRY]).toContain(group);
  });
});
