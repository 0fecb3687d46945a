import { closestMatches, termsOf } from '../domain/textMatch.js';
import { bi, type Text } from '../i18n/text.js';
import type { ProblemRecord } from '../store/models/problem.js';
import { StandardAnswerModel, type StandardAnswer } from '../store/models/standardAnswer.js';
import { clip, no } from './texts.js';

/** The words a standard answer is found by: its question's and its tags'. */
export const standardTerms = (question: string, tags: string[]) => [...new Set([...termsOf(`${question} ${tags.join(' ')}`), ...tags.map((t) => t.toLowerCase())])];

/** Publishes a problem's answers as a standard answer (again, harmlessly, when a command re-runs). */
export async function publishStandard(p: ProblemRecord, tags: string[], by: string): Promise<void> {
  const answers = p.steps.filter((s) => s.kind === 'answer' && s.text).map((s) => s.text!);
  await StandardAnswerModel.replaceOne(
    { _id: p._id },
    { number: p.number, question: p.text, answer: answers.join(' '), tags, terms: standardTerms(p.text, tags), markedBy: by },
    { upsert: true },
  );
}

/** The (at most three) published standard answers closest to a question. */
export async function similarStandardAnswers(question: string, except?: number): Promise<StandardAnswer[]> {
  const standards = (await StandardAnswerModel.find({}, { number: 1, question: 1, answer: 1, terms: 1 }).lean()) as StandardAnswer[];
  const candidates = standards.filter((s) => s.number !== except).map((s) => ({ item: s, terms: s.terms }));
  return closestMatches(question, candidates, 3).map((m) => m.item);
}

/** The suggestions under a newly raised problem, with how to close it if one of them answers it. */
export function suggestionsText(matches: StandardAnswer[], raised: number): Text {
  const zh = matches.map((m, i) => `${i + 1}. ${no(m.number)} ${clip(m.question, 30)}\n   答：${clip(m.answer, 80)}`);
  const en = matches.map((m, i) => `${i + 1}. ${no(m.number)} ${clip(m.question, 30)}\n   A: ${clip(m.answer, 80)}`);
  return bi(
    `相似问题的标准答复：\n${zh.join('\n')}\n如果已解答您的问题，请发 /解决 ${no(raised)}`,
    `Standard answers to similar questions:\n${en.join('\n')}\nIf one answers yours, send /resolve ${no(raised)}`,
  );
}
