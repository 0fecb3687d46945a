import { GridModel } from '../../store/models/grid.js';
import { MemberModel } from '../../store/models/member.js';
import { SurveyObjectModel } from '../../store/models/surveyObject.js';
import { defineTask, parseOptions } from '../task.js';

export default defineTask({
  name: 'grids',
  usage: 'grids [--street CODE]',
  summary: 'List grids with their sizes',
  async run(args, _app, out) {
    const street = parseOptions(args).options.get('street');
    const filter = typeof street === 'string' ? { street } : {};
    const grids = await GridModel.find(filter).sort({ code: 1 }).lean();
    const [objects, members] = await Promise.all([
      SurveyObjectModel.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$grid', n: { $sum: 1 } } }]),
      MemberModel.aggregate<{ _id: string; n: number }>([{ $unwind: '$memberships' }, { $group: { _id: '$memberships.grid', n: { $sum: 1 } } }]),
    ]);
    const objectCount = new Map(objects.map((o) => [o._id, o.n]));
    const memberCount = new Map(members.map((o) => [o._id, o.n]));
    out('级别\t编号\t名称\t行业\t调查对象\t成员');
    for (const g of grids) {
      out([g.level, g.code, g.name, g.industry ?? '', objectCount.get(g.code) ?? 0, memberCount.get(g.code) ?? 0].join('\t'));
    }
    return 0;
  },
});
