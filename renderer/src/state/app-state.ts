import type { ConnectionSlice } from './connection-slice.js';
import type { DialogsSlice } from './dialogs-slice.js';
import type { GroupsSlice } from './groups-slice.js';
import type { SelectionSlice } from './selection-slice.js';
import type { SyncSlice } from './sync-slice.js';
import type { TasksSlice } from './tasks-slice.js';
import type { ToastsSlice } from './toasts-slice.js';
import type { ViewSlice } from './view-slice.js';

/** The window's one store, made of slices that each own a part. */
export type AppState = TasksSlice & GroupsSlice & SelectionSlice & ViewSlice & ConnectionSlice & ToastsSlice & SyncSlice & DialogsSlice;
