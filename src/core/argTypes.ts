import { z } from 'zod';
import { normalizePhone } from '../domain/phone.js';
import { isPersonName } from '../domain/sheetText.js';

/** Argument schemas shared by commands. */
export const phoneArg = z.string().transform((v, ctx) => {
  const phone = normalizePhone(v);
  if (!phone) {
    ctx.addIssue({ code: 'custom', message: 'phone' });
    return z.NEVER;
  }
  return phone;
});

/** A person's name as the import takes it: letters, · and spaces (so never a formula in an export). */
export const nameArg = z.string().trim().refine(isPersonName);
export const gridCodeArg = z.string().trim().regex(/^[A-Za-z0-9-]{1,40}$/);
export const freeTextArg = z.string().trim().min(1).max(2000);
/** A pending registration's number, as its card's buttons carry it (R-0001). */
export const registrationNumberArg = z.string().trim().toUpperCase().regex(/^R-\d{4,8}$/);
