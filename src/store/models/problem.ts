import { Schema, model, type InferSchemaType } from 'mongoose';
import { PROBLEM_STATUSES } from '../../domain/problemFlow.js';

export const STEP_KINDS = ['ask', 'answer', 'followup', 'handover', 'escalate', 'resolve', 'standard'] as const;

/** One step of a problem's history: who did what, when, at which level. */
export interface ProblemStep {
  kind: (typeof STEP_KINDS)[number];
  at: Date;
  by?: string;
  byName?: string;
  level?: number;
  text?: string;
}

const stepSchema = new Schema(
  {
    kind: { type: String, required: true, enum: STEP_KINDS },
    at: { type: Date, required: true },
    by: { type: String },
    byName: { type: String },
    level: { type: Number },
    text: { type: String },
  },
  { _id: false },
);

const originSchema = new Schema(
  {
    platform: { type: String, required: true },
    chatId: { type: String, required: true },
    chatType: { type: String, required: true, enum: ['group', 'p2p'] },
    userId: { type: String, required: true },
  },
  { _id: false },
);

/** A photo or file sent with the question, kept as the link the platform gave. */
const attachmentSchema = new Schema({ kind: { type: String, required: true }, url: { type: String, required: true }, name: String }, { _id: false });

/**
 * A problem raised in a grid (网格流转). Every change is one conditional single-document update; the
 * `events` list makes each command or escalation apply once even when its job runs again.
 */
const problemSchema = new Schema(
  {
    /** "Q-0231", the number as typed: FerretDB 1.x looks up only a string or ObjectId `_id` by index. */
    _id: { type: String, required: true },
    number: { type: Number, required: true, unique: true },
    /** The raising event: a re-run after a crash finds the problem instead of creating another. */
    eventKey: { type: String, required: true, unique: true },
    /** The grid it was raised in (normally level 3), its level, and the codes above it. */
    grid: { type: String, required: true },
    gridName: { type: String, required: true },
    gridLevel: { type: Number, required: true, enum: [1, 2, 3] },
    street: { type: String },
    district: { type: String },
    askerId: { type: String, required: true },
    askerName: { type: String, required: true },
    askerUnit: { type: String },
    /** Where it was raised: the asker is told of answers there (a group, or privately). */
    origin: { type: originSchema, required: true },
    text: { type: String, required: true },
    attachments: { type: [attachmentSchema], default: [] },
    status: { type: String, required: true, enum: PROBLEM_STATUSES },
    /** The level holding it now (3 grid, 2 street, 1 bureau). */
    level: { type: Number, required: true, enum: [1, 2, 3] },
    /** A person it was handed to (/转交), who may answer it besides the leaders. */
    holderId: { type: String },
    holderName: { type: String },
    /** The level it was held at when handed over: the holder's authority ends once it goes up. */
    holderLevel: { type: Number, enum: [1, 2, 3] },
    /** Bumped when the flow restarts (a follow-up): escalations of an earlier round are stale. */
    round: { type: Number, required: true, default: 0 },
    /** When it goes up a level if still unanswered; unset at the bureau or once answered. */
    escalateAt: { type: Date },
    raisedAt: { type: Date, required: true },
    answer: {
      text: { type: String },
      byId: { type: String },
      byName: { type: String },
      at: { type: Date },
      level: { type: Number },
    },
    steps: { type: [stepSchema], default: [] },
    events: { type: [String], default: [] },
    /** Marked by the bureau as a standard answer (published in `StandardAnswerModel`). */
    standard: { type: Boolean, default: false },
  },
  { timestamps: true },
);
// A month's problems of a grid go with its monthly report.
problemSchema.index({ grid: 1, raisedAt: 1 });
// Lists read the open rows (`OpenProblemModel`) and suggestions the standard answers, not this collection.

export type Problem = InferSchemaType<typeof problemSchema>;
export type ProblemRecord = Problem & { _id: string };
export const ProblemModel = model('Problem', problemSchema);
