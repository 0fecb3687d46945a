import { Schema, model, type InferSchemaType } from 'mongoose';
import { watchWrites } from '../storeChanges.js';

/** The grid tree: level 1 district, level 2 street/town/zone, level 3 grid of survey objects. */
const gridSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    level: { type: Number, required: true, enum: [1, 2, 3] },
    /** Industry of a level-3 grid; "跨行业" for a merged cross-industry grid. */
    industry: { type: String },
    parent: { type: String, index: true },
    /** The level-2 ancestor's code (the grid's own code at level 2), for street-wide queries. */
    street: { type: String, index: true },
    /** Marked by the bureau; raises next year's funds. Keyed by year. */
    excellentYears: { type: [Number], default: [] },
    /** Of a level-3 grid: the member last appointed its leader, so racing appointments settle on one. */
    leaderAppointee: { type: Schema.Types.ObjectId },
    /** When the grid started its work (absent: before any year assessed); nothing is expected in it before. */
    since: { type: Date },
  },
  { timestamps: true },
);
gridSchema.index({ level: 1, street: 1 });
watchWrites(gridSchema, 'directory');

export type Grid = InferSchemaType<typeof gridSchema>;
export const GridModel = model('Grid', gridSchema);
