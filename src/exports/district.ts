import { formatLocal, localDate } from '../domain/chinaTime.js';
import { placeName } from '../assessment/workflow.js';
import { GridModel } from '../store/models/grid.js';

/** The district's name for titles ("瓯海区统计网格" → "瓯海区"). */
export async function districtName(): Promise<string> {
  const grid = await GridModel.findOne({ level: 1 }, { name: 1 }).lean();
  return grid ? placeName(grid.name) : '本区';
}

/** The line under each title and the day on the sign-off line, both by the bot's clock. */
export function filing(district: string, now: Date): { note: string; reportedOn: string } {
  const [y, m, d] = localDate(now).split('-').map(Number);
  return { note: `填报单位：${district}统计局　　导出时间：${formatLocal(now)}（北京时间）`, reportedOn: `${y}年${m}月${d}日` };
}
