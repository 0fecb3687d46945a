import { isEmptyDistrict, seedDemoDistrict } from '../../seed/demoDistrict.js';
import { defineTask } from '../task.js';

export default defineTask({
  name: 'seed-demo',
  usage: 'seed-demo',
  summary: 'Seed the demo district (only into an empty database)',
  async run(_args, app, out) {
    if (!(await isEmptyDistrict())) {
      out('The database already has grids; nothing seeded.');
      return 1;
    }
    const s = await seedDemoDistrict(undefined, app.services.clock.now());
    out(`Seeded ${s.streets} streets, ${s.grids} grids, ${s.surveyObjects} survey objects, ${s.members} members.`);
    return 0;
  },
});
