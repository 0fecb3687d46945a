/** A typed line split into the command name and its arguments. */
export type ParsedLine =
  | { kind: 'command'; name: string; args: string[]; rest: string[] }
  | { kind: 'text' }
  | { kind: 'unbalancedQuote' };

const FULL_WIDTH: Record<string, string> = {
  '／': '/', '　': ' ', '“': '"', '”': '"', '‘': "'", '’': "'", '「': '"', '」': '"', '＂': '"', '＇': "'",
};
const MAX_LINE = 4000;

/** Full-width slash, space and quotes become their ASCII forms; the rest of the text is kept. */
export function normalize(text: string): string {
  return text
    .slice(0, MAX_LINE)
    .replace(/[／　“”‘’「」＂＇]/g, (c) => FULL_WIDTH[c] ?? c)
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .trim();
}

/** Drops leading @-mentions ("@统计网格助手", Lark's "@_user_1") so the command can follow one. */
function stripLeadingMentions(text: string): string {
  let rest = text;
  for (;;) {
    const m = /^@\S+\s*/.exec(rest);
    if (!m) return rest;
    rest = rest.slice(m[0].length);
  }
}

/** Splits on spaces, keeping "quoted words" together. `rest[i]` is the raw text from token i on. */
export function tokenize(text: string): { tokens: string[]; rest: string[] } | undefined {
  const tokens: string[] = [];
  const rest: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    rest.push(text.slice(i).trim());
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote, i + 1);
      if (end < 0) return undefined;
      tokens.push(text.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j]!)) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return { tokens, rest };
}

export function parseLine(raw: string): ParsedLine {
  const text = stripLeadingMentions(normalize(raw));
  if (!text.startsWith('/')) return { kind: 'text' };
  const nameMatch = /^\/(\S*)\s*/.exec(text)!;
  const name = nameMatch[1]!;
  const split = tokenize(text.slice(nameMatch[0].length));
  if (!split) return { kind: 'unbalancedQuote' };
  return { kind: 'command', name, args: split.tokens, rest: split.rest };
}
