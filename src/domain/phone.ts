/** Mainland mobile numbers: 11 digits starting 13–19. Spaces, dashes and a +86 prefix are tolerated. */
export function normalizePhone(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** 138****5678: what members below leader see of each other. */
export const maskPhone = (phone: string) => (phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****');

/** A mainland mobile number standing alone in a text (not part of a longer number). */
const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

/** Every mobile number in a text masked: for group messages and the audit log. */
export const maskPhonesIn = (text: string) => text.replace(MOBILE_IN_TEXT, '$1****$3');

/** "2996": the tail a leader checks an applicant by, without the rest of the number. */
export const phoneTail = (phone: string) => phone.slice(-4);

/** Every string in a value (arguments as parsed: strings, arrays, objects) with its mobile numbers masked. */
export function maskPhonesInValue(value: unknown): unknown {
  if (typeof value === 'string') return maskPhonesIn(value);
  if (Array.isArray(value)) return value.map(maskPhonesInValue);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPhonesInValue(v)]));
  }
  return value;
}
