export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A message in both languages; the reply picks the caller's. */
export interface Text {
  'zh-CN': string;
  en: string;
}

export const bi = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

export const pick = (text: Text | string, lang: Lang): string => (typeof text === 'string' ? text : text[lang]);

/** Joins bilingual lines language by language. */
export const lines = (...parts: Array<Text | string>): Text => ({
  'zh-CN': parts.map((p) => pick(p, 'zh-CN')).join('\n'),
  en: parts.map((p) => pick(p, 'en')).join('\n'),
});

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;
export const looksChinese = (s: string) => CJK.test(s);
