import { z } from 'zod';
import { personalRecordText } from '../src/activities/records.js';
import { defineCommand } from '../src/core/command.js';
import { bi } from '../src/i18n/text.js';

export default defineCommand({
  name: 'myattendance',
  zh: ['我的考勤'],
  params: [],
  args: z.object({}),
  allow: 'registered',
  help: bi('我今年参加活动的考勤', 'Your own attendance this year'),
  async run(ctx) {
    return personalRecordText(ctx.member!, ctx.now);
  },
});
