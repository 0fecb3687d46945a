/** Ouhai's level-2 units, from the plan's annex, with short codes for their grids. */
export const DISTRICT = { code: 'OH', name: '瓯海区' };

export const STREETS: Array<{ code: string; name: string; parks?: string[] }> = [
  { code: 'JS', name: '景山街道' },
  { code: 'XQ', name: '新桥街道' },
  { code: 'LQ', name: '娄桥街道' },
  { code: 'PQ', name: '潘桥街道' },
  { code: 'WT', name: '梧田街道' },
  { code: 'NBX', name: '南白象街道' },
  { code: 'GX', name: '郭溪街道' },
  { code: 'QX', name: '瞿溪街道' },
  { code: 'SY', name: '三垟街道' },
  { code: 'CS', name: '茶山街道' },
  { code: 'LA', name: '丽岙街道' },
  { code: 'XY', name: '仙岩街道' },
  { code: 'ZY', name: '泽雅镇' },
  { code: 'KFQ', name: '瓯海经济开发区', parks: ['东片园区', '西片园区', '南片园区'] },
];

/** Industries of survey objects, as the plan lists them, plus villages/communities. */
export const INDUSTRIES = ['工业', '贸易', '服务业', '建筑业', '房地产'] as const;
export const VILLAGE_INDUSTRY = '村居';

/**
 * The national industry classification's sections (GB/T 4754-2017 门类) and common short forms,
 * mapped to the groups above: a bureau's sheet may use either. Edit to change the district's grouping;
 * a section left out (A 农、林、牧、渔业) is refused with the accepted names.
 */
export const INDUSTRY_MAP: Readonly<Record<string, string>> = {
  采矿业: '工业',
  制造业: '工业',
  '电力、热力、燃气及水生产和供应业': '工业',
  建筑业: '建筑业',
  批发和零售业: '贸易',
  住宿和餐饮业: '贸易',
  '交通运输、仓储和邮政业': '服务业',
  交通运输业: '服务业',
  '信息传输、软件和信息技术服务业': '服务业',
  金融业: '服务业',
  房地产业: '房地产',
  租赁和商务服务业: '服务业',
  科学研究和技术服务业: '服务业',
  '水利、环境和公共设施管理业': '服务业',
  '居民服务、修理和其他服务业': '服务业',
  教育: '服务业',
  卫生和社会工作: '服务业',
  '文化、体育和娱乐业': '服务业',
  // 村委会、居委会 are 基层群众自治组织 in section S.
  '公共管理、社会保障和社会组织': '村居',
  国际组织: '服务业',
};
