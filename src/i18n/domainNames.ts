import { bi, type Text } from './text.js';
import type { GridRole } from '../store/models/member.js';
import type { ActivityType } from '../domain/activity.js';

export const GRID_ROLE_NAMES: Record<GridRole, Text> = {
  leader: bi('网格长', 'leader'),
  deputy: bi('副网格长', 'deputy'),
  member: bi('网格员', 'member'),
};

export const ACTIVITY_TYPE_NAMES: Record<ActivityType, Text> = {
  meeting: bi('例会', 'meeting'),
  training: bi('培训', 'training'),
  teamBuilding: bi('团建', 'team building'),
  lawPublicity: bi('普法', 'law publicity'),
};
