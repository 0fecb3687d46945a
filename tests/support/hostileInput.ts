import { seededRandom } from '../../src/seed/names.js';

/**
 * Command lines a hostile or careless user might type, from a seed, so a failure reproduces: random
 * Unicode, very long lines, injection-looking text, unbalanced quotes, huge numbers, impossible
 * dates, and every command name with garbage arguments.
 */

const INJECTIONS = [
  '{"$gt": ""}', '{"$ne": null}', '{$where: "1==1"}', '{"$regex": ".*"}', "'; DROP TABLE members; --", '"; db.dropDatabase(); "',
  "' OR '1'='1", '<script>alert(1)</script>', '../../../etc/passwd', '%s%s%s%n', '${process.exit(1)}', '{{7*7}}', '__proto__',
  'constructor', 'prototype', '.*', '(a+)+$', '\\', '\\u0000', '\u0000', 'null', 'true', 'false', '{}', '[]',
  '$gt', '$set', 'identities.0', 'memberships.grid', '@_user_1', '@所有人', '#标签', 'http://127.0.0.1:1/', 'javascript:alert(1)',
];

const NUMBERS = [
  '0', '-1', '-0', '1e308', '1e-308', '9'.repeat(400), '99999999999999999999', '0x1F', 'Infinity', '-Infinity', '1.5', '0.0000001',
  '１２３', '一百', '١٢٣', '2147483648', '-9007199254740993', '00000000001', '13900000011', '+8613900000011', '139-0000-0011', '1390000001',
];

const DATES = [
  '2025-02-30', '2025-13-01', '2025-00-10', '0000-00-00', '9999-12-31', '2024-02-29', '2023-02-29', '2026-11-31', '2026-1-1',
  '2026/11/05', '2026年13月', '2026-Q5', '2026-Q0', '2026Q4', '今天', '明天', '昨天', '后天', '25:61', '24:00', '23:59', '-1:00',
  '9:00', '13:30-15:00', '签到=99:99-00:00', '签到=15:00-13:30', '21:00-08:00', '08:00-21:00', '1970-01-01', '2100-02-29',
];

/** Words that mean something somewhere: codes, numbers, names, options, settings. */
const MEANINGFUL = [
  'OH', 'JS', 'XQ', 'JS-01', 'XQ-01', 'js-01', 'ZZ-99', 'Q-0001', 'Q-1', 'A-0001', 'A-0', 'N-0001', 'N-', 'Q-99999999', '全部', 'all',
  '取消', 'undo', '副', '网格长', '试算', '调整', '提交', '情况', 'draft', 'submit', 'adjust', '月报截止日', '报表期', '免打扰',
  '提醒时间', '通知提醒', '街道=JS', '街道=火星', '级别=9', '行业=工业', '行业=不存在', '--街道', '例会', '培训', '团建', '普法',
  '一组员', '新组员', '区统计员', '未登记', '月报到期', 'report-due', '活动前一小时', 'JS-H', '统计之家',
];

const MENTION_PREFIXES = ['', '', '', '@统计网格助手 ', '@_user_1 ', '　', ' '];
const SLASHES = ['/', '/', '/', '／'];

/** Unicode from every corner: ASCII, CJK, emoji, combining marks, right-to-left, zero-width, controls, lone surrogates. */
const RANGES: Array<[number, number]> = [
  [0x20, 0x7e], [0x4e00, 0x9fff], [0x1f600, 0x1f64f], [0x0300, 0x036f], [0x0590, 0x05ff], [0x0600, 0x06ff],
  [0x200b, 0x200f], [0x0000, 0x001f], [0xd800, 0xdfff], [0xff01, 0xff5e], [0x3000, 0x303f], [0xfff0, 0xffff],
];

export class HostileInput {
  private readonly random: () => number;

  constructor(
    seed: number,
    /** Every command name the router knows, Chinese and English. */
    private readonly commandNames: string[],
  ) {
    this.random = seededRandom(seed);
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  randomText(maxLength: number): string {
    const length = this.int(maxLength + 1);
    let s = '';
    for (let i = 0; i < length; i++) {
      const [lo, hi] = this.pick(RANGES);
      s += String.fromCodePoint(lo + this.int(hi - lo + 1));
    }
    return s;
  }

  private garbageWord(): string {
    switch (this.int(9)) {
      case 0: return this.pick(INJECTIONS);
      case 1: return this.pick(NUMBERS);
      case 2: return this.pick(DATES);
      case 3:
      case 4: return this.pick(MEANINGFUL);
      case 5: return `"${this.randomText(12)}"`;
      case 6: return `“${this.pick(MEANINGFUL)} ${this.pick(DATES)}”`;
      case 7: return this.randomText(3000).replace(/\s/g, '');
      default: return this.randomText(10).replace(/\s/g, '_') || '_';
    }
  }

  private prefix(): string {
    return this.pick(MENTION_PREFIXES) + this.pick(SLASHES);
  }

  /** The next line: mostly known commands with garbage arguments, the rest every other kind of mess. */
  next(): string {
    const roll = this.int(100);
    if (roll < 55) {
      const args = Array.from({ length: this.int(6) }, () => this.garbageWord());
      // Now and then a quote left open.
      if (args.length && this.int(10) === 0) args[this.int(args.length)] = `${this.pick(['"', "'", '“', '「'])}${this.pick([...INJECTIONS, ...MEANINGFUL])}`;
      return `${this.prefix()}${this.pick(this.commandNames)}${args.length ? ' ' : ''}${args.join(this.pick([' ', '  ', '\t', '　']))}`;
    }
    if (roll < 63) return `${this.prefix()}${this.randomText(20)}`; // unknown command
    if (roll < 71) return this.pick(['', ' ', '/', '／', '//', '/ /', '@统计网格助手', '@_user_1 ', '/\u200b', '\u200b', '\n\n', '/\n帮助']);
    if (roll < 79) return this.randomText(60).replace(/^[/／@\s]+/, '') || '你好'; // plain text for the bot
    if (roll < 86) {
      const long = this.pick(['x', '问', '😀', '"', '/', ' ', 'Q-0001 '] as const).repeat(5000 + this.int(45_000));
      return this.int(2) ? `${this.prefix()}${this.pick(this.commandNames)} ${long}` : long;
    }
    if (roll < 93) return `${this.prefix()}${this.pick(this.commandNames)} ${this.pick(INJECTIONS)} ${this.pick(INJECTIONS)}`;
    return `${this.prefix()}${this.pick(this.commandNames)} ${this.pick(DATES)} ${this.pick(NUMBERS)} ${this.garbageWord()}`;
  }
}

/**
 * The seed of the hostile-input files and how many generated lines they send through the router
 * between them (HOSTILE_SEED and HOSTILE_COUNT replay or vary them).
 */
export const HOSTILE_SEED = Number(process.env.HOSTILE_SEED ?? 20_261_126);
export const HOSTILE_TOTAL = Number(process.env.HOSTILE_COUNT ?? 10_000);
