import { formatLocal } from '../domain/chinaTime.js';
import { placeName } from '../assessment/workflow.js';
import { GridModel } from '../store/models/grid.js';

/** The district's name for titles ("瓯海区统计网格" → "瓯海区"). */
export async function districtName(): Promise<string> {
  const grid = await GridModel.findOne({ level: 1 }, { name: 1 }).lean();
  return grid ? placeName(grid.name) : '本区';
}

/** The line under each title. */
export const noteLine = (district: string, now: Date) => `填报单位：${district}统计局　　导出时间：${formatLocal(now)}（北京时间）`;
