import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { watchWrites } from '../storeChanges.js';
import { linkIdentities } from '../identities.js';

export const GRID_ROLES = ['leader', 'deputy', 'member'] as const;
export type GridRole = (typeof GRID_ROLES)[number];

const membershipSchema = new Schema(
  {
    grid: { type: String, required: true },
    role: { type: String, required: true, enum: GRID_ROLES },
    /** When they joined the grid (absent: since the grid's start); the assessment expects nothing of them before. */
    since: { type: Date },
  },
  { _id: false },
);

/** A person in the directory: who they are, their role in each grid, and their chat identities. */
const memberSchema = new Schema(
  {
    name: { type: String, required: true },
    phone: { type: String, required: true, unique: true },
    unit: { type: String, default: '' },
    /** The survey object whose statistician this person is, if any. */
    unitCode: { type: String },
    memberships: { type: [membershipSchema], default: [] },
    /** Chat identities as "platform:userId" (flat strings: one indexed equality match, on any backend). */
    identities: { type: [String], default: [] },
    lang: { type: String, enum: ['zh-CN', 'en'] },
  },
  { timestamps: true },
);
memberSchema.index({ 'memberships.grid': 1 });
memberSchema.index({ identities: 1 });
watchWrites(memberSchema, 'directory');

export const identityKey = (platform: string, userId: string) => `${platform}:${userId}`;

// New members' identities get their lookup entries however they are inserted (seed, import, tests);
// an identity added later goes through `linkIdentities` explicitly (see /登记).
memberSchema.post('insertMany', async function (docs: unknown) {
  await linkIdentities(docs as Array<{ _id: Types.ObjectId; identities: string[] }>);
});
memberSchema.post('save', async (doc: { _id: Types.ObjectId; identities: string[] }) => {
  await linkIdentities([doc]);
});

export type Member = InferSchemaType<typeof memberSchema>;
export const MemberModel = model('Member', memberSchema);
