import { Schema, model } from 'mongoose';

export interface ResultTally {
  done: number;
  expected: number;
}

/** A street's change to a member's computed score, with its reason. */
export interface ResultAdjustment {
  score: number;
  reason: string;
  by: string;
  byName?: string;
  at: Date;
}

/** One member's result in one revision of a street's assessment. */
export interface AssessmentResult {
  /** "year:street:revision:member": names the row (it is stored inside its grid's document). */
  _id: string;
  year: number;
  street: string;
  revision: string;
  member: string;
  name: string;
  unit: string;
  /** The member's grids in the street, and those of them they lead. */
  grids: string[];
  leads: string[];
  /** Those they deputise (absent in rows stored before deputies were told apart). */
  deputises?: string[];
  attendance: ResultTally;
  returns: ResultTally;
  notices: ResultTally;
  reports: ResultTally;
  computedScore: number;
  adjustment?: ResultAdjustment;
  /** The street's order for the member within a tie at a star boundary (1 first), from /评星 调整. */
  tiePick?: number;
  score: number;
  passed: boolean;
  stars: 0 | 1 | 2 | 3;
  reward: number;
}

/**
 * The results of one revision of a street's assessment for the members whose home grid (the first
 * of their level-3 grids in the street, by code) is one grid: keyed "year:street:revision:grid".
 * Written only by inserting a whole revision (never updated in place). The rows are subdocuments
 * (a grid's twenty or so): a province's 500,000 rows as documents of their own took a minute to
 * write on the embedded database, a document per grid a few seconds.
 */
const assessmentResultSetSchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    street: { type: String, required: true },
    revision: { type: String, required: true },
    grid: { type: String, required: true },
    rows: { type: [Schema.Types.Mixed], required: true },
  },
  { versionKey: false },
);
assessmentResultSetSchema.index({ revision: 1 });

export const AssessmentResultModel = model('AssessmentResultSet', assessmentResultSetSchema);

export const resultId = (year: number, street: string, revision: string, member: string) => `${year}:${street}:${revision}:${member}`;
export const resultSetId = (year: number, street: string, revision: string, grid: string) => `${year}:${street}:${revision}:${grid}`;
/** The grid whose document holds a row: the first of the member's grids in the street other than the street's own. */
export const homeGrid = (street: string, grids: string[]) => [...grids].filter((g) => g !== street).sort()[0] ?? street;
