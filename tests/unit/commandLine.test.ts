import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/commandLine.js';

describe('parseLine', () => {
  it.each([
    ['/help', 'help', []],
    ['／帮助', '帮助', []],
    ['@统计网格助手 /签到', '签到', []],
    ['@_user_1 /register 张三 13800000000', 'register', ['张三', '13800000000']],
    ['/活动 例会 "2026-12-01 09:00" 季度 例会', '活动', ['例会', '2026-12-01 09:00', '季度', '例会']],
    ['/活动　培训　“统计 法”', '活动', ['培训', '统计 法']],
    ["/ask 'a b' c", 'ask', ['a b', 'c']],
    ['  /HELP  ', 'HELP', []],
  ])('%s → /%s %j', (line, name, args) => {
    const parsed = parseLine(line);
    expect(parsed).toMatchObject({ kind: 'command', name, args });
  });

  it('keeps the raw rest of the line for free-text parameters', () => {
    const parsed = parseLine('/月报 本月 "重点" 企业 已全部上报');
    expect(parsed.kind === 'command' && parsed.rest[0]).toBe('本月 "重点" 企业 已全部上报');
  });

  it.each(['hello', '签到', '@bot hello', ''])('%j is plain text', (line) => {
    expect(parseLine(line).kind).toBe('text');
  });

  it.each(['/register "张三 13800000000', "/ask 'oops"])('%s has an unbalanced quote', (line) => {
    expect(parseLine(line).kind).toBe('unbalancedQuote');
  });
});
