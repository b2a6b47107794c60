import type { StateCreator } from 'zustand/vanilla';
import type { GroupView } from '../../../app/contract/views.js';
import type { AppState } from './app-state.js';

export interface GroupsSlice {
  readonly groups: ReadonlyMap<number, GroupView>;
}

export const createGroupsSlice: StateCreator<AppState, [], [], GroupsSlice> = () => ({
  groups: new Map(),
});
