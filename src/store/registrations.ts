import type { Types } from 'mongoose';
import { isDuplicateKey } from './connect.js';
import { nextSequence } from './counters.js';
import { PendingRegistrationModel, type PendingRegistration } from './models/pendingRegistration.js';

export type Registration = PendingRegistration;

/**
 * An account's claim to be `member`, waiting for confirmation. An account has one claim at a time:
 * claiming someone else replaces its earlier claim; claiming the same person again finds it
 * (`isNew` false, unless this is the event that opened it: its confirmers were asked already).
 */
export async function openRegistration(o: {
  account: string; platform: string; userId: string; member: Types.ObjectId; confirmers: Types.ObjectId[]; at: Date; eventKey: string;
}): Promise<{ registration: Registration; isNew: boolean }> {
  const existing = await PendingRegistrationModel.findOne({ account: o.account }).lean<Registration>();
  if (existing && String(existing.member) === String(o.member)) return { registration: existing, isNew: existing.eventKey === o.eventKey };
  if (existing) await PendingRegistrationModel.deleteOne({ _id: existing._id });
  const number = `R-${String(await nextSequence('registration')).padStart(4, '0')}`;
  try {
    await PendingRegistrationModel.create({ _id: number, ...o });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // the same account's claim, made at the same moment
    return { registration: (await pendingOf(o.account))!, isNew: false };
  }
  return { registration: (await PendingRegistrationModel.findById(number).lean<Registration>())!, isNew: true };
}

/** The claim an account is waiting on, if any. */
export async function pendingOf(account: string): Promise<Registration | undefined> {
  return (await PendingRegistrationModel.findOne({ account }).lean<Registration>()) ?? undefined;
}

export async function registrationByNumber(number: string): Promise<Registration | undefined> {
  return (await PendingRegistrationModel.findById(number).lean<Registration>()) ?? undefined;
}

/** Takes a claim off the list; true for the one caller that did (of a confirm and a refuse racing). */
export async function closeRegistration(number: string): Promise<boolean> {
  return (await PendingRegistrationModel.deleteOne({ _id: number })).deletedCount === 1;
}

/** Claims for or by a member (forgetting a person). */
export async function dropRegistrationsOf(member: Types.ObjectId): Promise<number> {
  return (await PendingRegistrationModel.deleteMany({ member })).deletedCount;
}
