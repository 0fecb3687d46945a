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
