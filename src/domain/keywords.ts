/**
 * What a typed keyword means in a table of words ("试算" → 'draft'), ignoring case and spaces
 * around it. Only the table's own words count: a plain object would also answer "constructor",
 * "toString" or "__proto__" from its prototype, and a command would act on that.
 */
export function keywordOf<T>(table: Readonly<Record<string, T>>, typed: string): T | undefined {
  const key = typed.trim().toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
