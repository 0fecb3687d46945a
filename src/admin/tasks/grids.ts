import { GridModel } from '../../store/models/grid.js';
import { MemberModel } from '../../store/models/member.js';
import { SurveyObjectModel } from '../../store/models/surveyObject.js';
import { defineTask, parseOptions } from '../task.js';

/**
 * How many times each grid code occurs, counted here over one pass of the documents: FerretDB's
 * `$group` takes time quadratic in the number of groups, and a district has 30,000 grids.
 */
async function countByGrid<T>(docs: AsyncIterable<T>, grids: (doc: T) => Array<string | undefined | null>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const doc of docs) for (const grid of grids(doc)) if (grid) counts.set(grid, (counts.get(grid) ?? 0) + 1);
  return counts;
}

export default defineTask({
  name: 'grids',
  usage: 'grids [--street CODE]',
  summary: 'List grids with their sizes',
  async run(args, _app, out) {
    const street = parseOptions(args).options.get('street');
    const filter = typeof street === 'string' ? { street } : {};
    const [grids, objectCount, memberCount] = await Promise.all([
      GridModel.find(filter).sort({ code: 1 }).lean(),
      countByGrid(SurveyObjectModel.find(filter, { grid: 1 }).lean().cursor(), (o) => [o.grid]),
      countByGrid(MemberModel.find({}, { memberships: 1 }).lean().cursor(), (m) => m.memberships.map((ms) => ms.grid)),
    ]);
    out('级别\t编号\t名称\t行业\t调查对象\t成员');
    for (const g of grids) {
      out([g.level, g.code, g.name, g.industry ?? '', objectCount.get(g.code) ?? 0, memberCount.get(g.code) ?? 0].join('\t'));
    }
    return 0;
  },
});
