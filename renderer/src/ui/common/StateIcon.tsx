import { Ban, CircleArrowDown, CircleCheck, Clock, OctagonAlert, Pause, RotateCw, WifiOff, type LucideIcon } from 'lucide-react';
import type { TaskState } from '../../../../app/domain/task-state.js';

/** Each state has a shape of its own, so colour is never the only signal. */
const icons: Record<TaskState, LucideIcon> = {
  running: CircleArrowDown,
  queued: Clock,
  paused: Pause,
  retrying: RotateCw,
  waiting_network: WifiOff,
  failed: OctagonAlert,
  completed: CircleCheck,
  canceled: Ban,
};

export function StateIcon({ state }: { readonly state: TaskState }) {
  const Icon = icons[state];
  return <Icon className="i i-sm" aria-hidden="true" />;
}
