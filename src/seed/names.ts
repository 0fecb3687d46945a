/** Deterministic generated people for the demo district (never the officials named in the plan). */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱严赖覃洪武莫孔';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁琳晨辰欣怡佳悦晓雪梅兰婷倩颖洁慧鹏飞鑫博文昊然皓轩子涵梓萱雨泽一诺思远安琪嘉豪海峰立新建国春生秋实';

/** Names in the plan's annex, which the generator must never produce. */
export const RESERVED_NAMES = new Set([
  '林仕德', '翁振瓯', '王利建', '沈显武', '陈舒頔', '许建宇', '王晓东', '卢寿光', '谢东', '陶臣建', '徐郑克', '王建',
  '张黎艳', '麻显春', '陈王李', '章强', '王瓚', '王彩燕', '林密', '项海光', '伍苏丹', '余锋', '张垒', '叶文才', '朱志胜',
]);

/** mulberry32: a tiny seeded generator, so every demo start draws the same district. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class NameGenerator {
  private readonly used = new Set<string>();
  constructor(private readonly random: () => number) {}

  private pick(chars: string): string {
    return [...chars][Math.floor(this.random() * [...chars].length)]!;
  }

  next(): string {
    for (;;) {
      const given = this.random() < 0.6 ? this.pick(GIVEN) + this.pick(GIVEN) : this.pick(GIVEN);
      const name = this.pick(SURNAMES) + given;
      if (!this.used.has(name) && !RESERVED_NAMES.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

/** "统计员" + 201 → "统计员二零一": numbered generated names that are still names (letters only). */
export const numberedName = (stem: string, n: number) => stem + String(n).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);
