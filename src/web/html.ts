/** HTML that is already safe: markup we wrote, or text escaped on its way in. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

type Part = SafeHtml | string | number | null | undefined | false | Part[];

const render = (part: Part): string => {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof SafeHtml) return part.value;
  return escapeHtml(String(part));
};

/**
 * A tagged template that escapes every interpolated value unless it is itself `html`: names and
 * texts from imports and chat can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]!) : ''), ''));
}

/** Data for a chart script, as JSON that cannot close the <script> element it sits in. */
export const jsonForScript = (data: unknown) => new SafeHtml(JSON.stringify(data).replace(/</g, '\\u003c'));
