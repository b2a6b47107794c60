import { say } from '../../i18n/say.js';
import { useApp } from '../services.js';

/** The list's order in words, as the sort button shows it. */
export function useSortLabel(): string {
  const sortKey = useApp((s) => s.sortKey);
  const direction = useApp((s) => s.direction);
  return sortKey === 'added' ? say(direction === 'descending' ? 'list.newestFirst' : 'list.oldestFirst') : say(`sort.${sortKey}`);
}
