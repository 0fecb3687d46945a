/** Mainland mobile numbers: 11 digits starting 13–19. Spaces, dashes and a +86 prefix are tolerated. */
export function normalizePhone(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** 138****5678: what members below leader see of each other. */
export const maskPhone = (phone: string) => (phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****');
