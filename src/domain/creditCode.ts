/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-letter
 * alphabet (no I, O, S, V, Z), the last a check character over the first 17. A typo in a bureau's
 * sheet almost always breaks the check.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters, or undefined if they are not in the alphabet. */
export function creditCodeCheck(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(body[i]!);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** The code in upper case without spaces, if it is a valid one. */
export function normalizeCreditCode(text: string): string | undefined {
  const code = text.replace(/\s/g, '').toUpperCase();
  return code.length === 18 && creditCodeCheck(code.slice(0, 17)) === code[17] ? code : undefined;
}

/** A valid code from 17 characters, for generated (demo, test) survey objects. */
export function withCheckCharacter(body: string): string {
  const check = creditCodeCheck(body);
  if (!check) throw new RangeError(`not a credit code body: ${body}`);
  return body + check;
}
