import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../src/core/command.js';
import { bindArgs, CommandRouter } from '../../src/core/router.js';
import { bi } from '../../src/i18n/text.js';

const checkin = defineCommand({
  name: 'checkin', zh: ['签到'], params: [], args: z.object({}), allow: 'member',
  help: bi('签到', 'check in'), run: async () => 'ok',
});
const report = defineCommand({
  name: 'report', zh: ['月报'], params: ['...text'], args: z.object({ text: z.string().min(1) }), allow: 'leader',
  help: bi('月报', 'report'), run: async () => 'ok',
});
const register = defineCommand({
  name: 'register', zh: ['登记'], params: ['name', 'phone'], args: z.object({ name: z.string(), phone: z.string().regex(/^\d{11}$/) }),
  allow: 'anyone', help: bi('登记', 'register'), run: async () => 'ok',
});
const router = new CommandRouter([checkin, report, register]);

describe('CommandRouter', () => {
  it.each([
    ['签到', 'checkin', 'zh-CN'],
    ['checkin', 'checkin', 'en'],
    ['CheckIn', 'checkin', 'en'],
    ['月报', 'report', 'zh-CN'],
  ])('/%s resolves to %s answering in %s', (name, command, lang) => {
    expect(router.resolve(name)).toMatchObject({ command: { name: command }, lang });
  });

  it.each([
    ['chekin', 'checkin'],
    ['checkn', 'checkin'],
    ['regster', 'register'],
    ['签', '签到'],
  ])('suggests /%s → /%s', (typo, suggestion) => {
    expect(router.suggest(typo)).toBe(suggestion);
  });

  it('suggests nothing for something far from every name', () => {
    expect(router.suggest('xyzzyplugh')).toBeUndefined();
  });

  it('refuses a name declared by two commands', () => {
    expect(() => new CommandRouter([checkin, { ...report, zh: ['签到'] }])).toThrow(/declared twice/);
  });
});

describe('bindArgs', () => {
  it('maps positional tokens and validates', () => {
    expect(bindArgs(register, ['张三', '13800000000'], [])).toEqual({ ok: true, value: { name: '张三', phone: '13800000000' } });
    expect(bindArgs(register, ['张三', '123'], [])).toEqual({ ok: false });
    expect(bindArgs(register, ['张三'], [])).toEqual({ ok: false });
    expect(bindArgs(register, ['张三', '13800000000', 'extra'], [])).toEqual({ ok: false });
  });

  it('gives a rest parameter the raw remainder of the line', () => {
    expect(bindArgs(report, ['a', 'b'], ['a  b', 'b'])).toEqual({ ok: true, value: { text: 'a  b' } });
    expect(bindArgs(report, [], [])).toEqual({ ok: false });
  });
});
