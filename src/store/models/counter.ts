import { Schema, model, type InferSchemaType } from 'mongoose';

/** A named sequence ("problem"), advanced atomically with `$inc`: short numbers people can type. */
const counterSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, required: true, default: 0 },
});

export type Counter = InferSchemaType<typeof counterSchema>;
export const CounterModel = model('Counter', counterSchema);
