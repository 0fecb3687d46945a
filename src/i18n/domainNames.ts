import { bi, type Text } from './text.js';
import type { GridRole } from '../store/models/member.js';

export const GRID_ROLE_NAMES: Record<GridRole, Text> = {
  leader: bi('网格长', 'leader'),
  deputy: bi('副网格长', 'deputy'),
  member: bi('网格员', 'member'),
};
