import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ TZ: 'Asia/Shanghai', DEFAULT_LANG: 'zh-CN', DATA_DIR: './data', LARK_DOMAIN: 'https://open.feishu.cn' });
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('treats an empty value as unset', () => {
    expect(parseConfig({ MONGODB_URI: '', REDIS_URL: ' ' }).REDIS_URL).toBeUndefined();
  });

  it.each([
    ['TZ', 'Mars/Olympus', /Invalid TZ: expected an IANA time zone/],
    ['DEFAULT_LANG', 'fr', /Invalid DEFAULT_LANG/],
    ['MONGODB_URI', 'localhost:27017', /Invalid MONGODB_URI: expected a MongoDB URI/],
    ['REDIS_URL', '6379', /Invalid REDIS_URL: expected a Redis URL/],
    ['LOG_LEVEL', 'loud', /Invalid LOG_LEVEL/],
    ['PROBLEM_ESCALATE_GRID_DAYS', '0', /Invalid PROBLEM_ESCALATE_GRID_DAYS: expected a whole number of working days from 1 to 30/],
    ['PROBLEM_ESCALATE_STREET_DAYS', '2.5', /Invalid PROBLEM_ESCALATE_STREET_DAYS: expected a whole number of working days/],
    ['LARK_APP_ID', 'app-123', /Invalid LARK_APP_ID: expected a Lark app id/],
    ['LARK_CHAT_SENDS_PER_SECOND', '0', /Invalid LARK_CHAT_SENDS_PER_SECOND/],
    ['WORKER_LOCK_MS', '10', /Invalid WORKER_LOCK_MS/],
  ])('a bad %s stops with one line naming it', (name, value, message) => {
    let error: unknown;
    try {
      parseConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
