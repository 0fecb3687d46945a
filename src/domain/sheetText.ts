/**
 * What a spreadsheet program takes for the start of a formula (or of a hidden one, after a tab or
 * a carriage return), in ASCII and full width: the characters OWASP lists for CSV injection, which
 * csv-stringify's `escape_formulas` also escapes.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export const looksLikeFormula = (text: string) => FORMULA_START.test(text);

/** A text cell a spreadsheet shows as text: a leading apostrophe before what would start a formula. */
export const inertText = (text: string) => (looksLikeFormula(text) ? `'${text}` : text);

/**
 * A person's name: letters of any script, with the middle dot of minority and foreign names
 * (阿卜杜·热合曼) and single spaces between parts; 1 to 20 characters, a letter at each end.
 */
const PERSON_NAME = /^\p{L}(?:[\p{L}\p{M}]|[·・•] ?|(?<![·・• ]) )*$/u;

export const isPersonName = (name: string) => name.length <= 20 && PERSON_NAME.test(name) && /\p{L}$/u.test(name);
