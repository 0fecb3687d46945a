import { describe, expect, it } from 'vitest';
import { closestMatches, keywordsOf, termsOf } from '../../src/domain/textMatch.js';

const standards = [
  { id: 'report-deadline', text: '规模以上工业企业月报的报送截止时间是哪天？', tags: ['月报', '截止时间'] },
  { id: 'password', text: '联网直报平台的密码忘记了怎么办？', tags: ['联网直报', '密码'] },
  { id: 'employees', text: '从业人员期末人数怎么统计？', tags: ['从业人员'] },
  { id: 'funds', text: '网格活动经费怎么申请？', tags: ['经费'] },
];
const candidates = standards.map((s) => ({ item: s.id, terms: [...termsOf(`${s.text} ${s.tags.join(' ')}`), ...s.tags] }));

describe('segmentation (jieba)', () => {
  it('keeps statistics words whole and drops filler words and punctuation', () => {
    const terms = termsOf('月报什么时候截止？');
    expect(terms).toContain('月报');
    expect(terms).toContain('截止');
    expect(terms).not.toContain('什么');
    expect(terms).not.toContain('？');
  });

  it('weights subject words, not question words', () => {
    const words = keywordsOf('联网直报平台密码忘记了怎么办').map((k) => k.word);
    expect(words[0]).toBe('联网直报');
    expect(words).not.toContain('怎么办');
  });
});

describe('closest standard answers', () => {
  it.each([
    ['月报什么时候截止', 'report-deadline'],
    ['请问工业月报几号之前要报？', 'report-deadline'],
    ['直报系统密码忘了', 'password'],
    ['从业人员期末人数包括退休返聘的吗', 'employees'],
    ['活动经费可以用来买什么', 'funds'],
  ])('"%s" finds %s first', (question, best) => {
    expect(closestMatches(question, candidates)[0]?.item).toBe(best);
  });

  it.each([['今天天气怎么样'], ['你好'], ['？？？']])('"%s" matches nothing', (question) => {
    expect(closestMatches(question, candidates)).toEqual([]);
  });

  it('returns at most three, best first', () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ item: i, terms: termsOf('月报截止时间') }));
    const found = closestMatches('月报截止时间', many);
    expect(found).toHaveLength(3);
    expect(found[0]!.score).toBeGreaterThanOrEqual(found[2]!.score);
  });
});
