import { createRequire } from 'node:module';
import type * as JiebaModule from '@node-rs/jieba';
import type { Jieba, TfIdf } from '@node-rs/jieba';
import type * as JiebaDict from '@node-rs/jieba/dict';

/** Statistics words jieba's general dictionary splits ("月报" → 月/报); kept whole so they match. */
const DOMAIN_WORDS = ['月报', '季报', '年报', '快报', '定报', '联网直报', '一套表', '四上', '规上', '限上', '统计报表', '统计台账', '原始记录', '从业人员'];

/**
 * Words that say nothing about the subject of a question. (TfIdf.setConfig would take a stop list,
 * but @node-rs/jieba 2.0.3 fails to convert a Set there, so the list is applied here.)
 */
const STOP_WORDS = new Set([
  '什么', '怎么', '怎么办', '怎样', '如何', '请问', '时候', '哪天', '哪里', '哪个', '哪些', '是否', '可以', '需要', '应该',
  '我们', '你们', '他们', '这个', '那个', '一下', '问题', '谢谢', '老师', '一个', '没有', '还是', '知道', '能否', '是不是',
  'how', 'what', 'when', 'where', 'which', 'who', 'why', 'do', 'does', 'did', 'is', 'are', 'the', 'a', 'an', 'to', 'of',
  'for', 'in', 'on', 'i', 'my', 'we', 'our', 'you', 'it', 'can', 'should', 'and', 'or',
]);

let loaded: { jieba: Jieba; tfidf: TfIdf } | undefined;

const require = createRequire(import.meta.url);

/**
 * The dictionaries take a fraction of a second to load, so they load on first use; so does the
 * native module, whose dictionary files (11 MB) would otherwise sit in every bot's memory.
 */
function segmenter(): { jieba: Jieba; tfidf: TfIdf } {
  if (!loaded) {
    const { Jieba, TfIdf } = require('@node-rs/jieba') as typeof JiebaModule;
    const { dict, idf } = require('@node-rs/jieba/dict') as typeof JiebaDict;
    const jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 2000 n`).join('\n')));
    loaded = { jieba, tfidf: TfIdf.withDict(idf) };
  }
  return loaded;
}

const meaningful = (word: string) => word.length >= 2 && !STOP_WORDS.has(word) && /[\p{L}\p{N}]/u.test(word);

/** The words of a text to match against, in search mode (a long word also yields its parts), lower-cased. */
export function termsOf(text: string): string[] {
  const words = segmenter().jieba.cutForSearch(text.toLowerCase(), true).map((w) => w.trim());
  return [...new Set(words.filter(meaningful))];
}

/** The subject words of a question, weighted by TF-IDF over jieba's corpus. */
export function keywordsOf(text: string, limit = 12): Array<{ word: string; weight: number }> {
  const { jieba, tfidf } = segmenter();
  return tfidf
    .extractKeywords(jieba, text.toLowerCase(), limit * 2)
    .filter((k) => meaningful(k.keyword))
    .slice(0, limit)
    .map((k) => ({ word: k.keyword, weight: k.weight }));
}

export interface Scored<T> {
  item: T;
  /** Share of the question's keyword weight found in the candidate, 0–1. */
  score: number;
}

/**
 * The candidates that share the most of a question's weighted keywords, best first. A candidate's
 * `terms` come from `termsOf` (its text and tags). Below `minScore` a match is noise.
 */
export function closestMatches<T>(question: string, candidates: Array<{ item: T; terms: string[] }>, limit = 3, minScore = 0.3): Scored<T>[] {
  const keywords = keywordsOf(question);
  const total = keywords.reduce((sum, k) => sum + k.weight, 0);
  if (total === 0) return [];
  return candidates
    .map(({ item, terms }) => {
      const have = new Set(terms);
      const shared = keywords.reduce((sum, k) => sum + (have.has(k.word) ? k.weight : 0), 0);
      return { item, score: shared / total };
    })
    .filter((s) => s.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
