import { rebuildTallies } from '../../assessment/tallyRecount.js';
import { rebuildRosters } from '../../store/rosters.js';
import { printingUserErrors, yearAndStreet } from '../reportArgs.js';
import { defineTask, parseOptions } from '../task.js';

/**
 * Counts a year's grid tallies again from the records, and the grid rosters from the members, and
 * writes those that differ: after records or members were written around the bot (a restore, a bulk
 * load, an upgrade from before tallies) or a crash between a record and its tally.
 */
export default defineTask({
  name: 'tallies',
  usage: 'tallies [--year Y]',
  summary: "Rebuild a year's grid tallies and the grid rosters (the assessment's input) from the records",
  run: (args, app, out) =>
    printingUserErrors(out, async () => {
      const { year } = await yearAndStreet(parseOptions(args).options, app.services.clock.now());
      const { written, removed } = await rebuildTallies(year);
      out(`${year}: ${written} grid tallies rewritten, ${removed} removed; the others matched the records.`);
      out(`${await rebuildRosters()} grid rosters rewritten; the others matched the members.`);
      return 0;
    }),
});
