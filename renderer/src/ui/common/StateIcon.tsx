import type { TaskState } from '../../../../app/domain/task-state.js';

/**
 * Each state has a shape of its own, so colour is never the only signal. One
 * element drawn by a CSS mask (styles.css), in the state's colour.
 */
export function StateIcon({ state }: { readonly state: TaskState }) {
  return <span className={`si si-${state}`} aria-hidden="true" />;
}
