import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../../app/contract/views.js';
import { taskWords } from '../../../../app/ui/task-words.js';
import { StateIcon } from '../common/StateIcon.js';
import { useNow } from '../common/use-now.js';

/** The state in its colour and, after a dash, why: "Retrying in 12 s — server busy (503)". */
export function StatusWords({ task }: { readonly task: TaskView }) {
  const { t } = useTranslation();
  const now = useNow(task.state === 'retrying');
  const words = taskWords(task, now);
  const label = t(words.label.key, words.label.params ?? {});
  const reason = words.reason === null ? null : t(words.reason.key, words.reason.params ?? {});
  return (
    <span className="state" title={task.message ?? undefined}>
      <StateIcon state={task.state} />
      <span className="words">
        <span className="label">{label}</span>
        {reason !== null && <span className={task.state === 'completed' ? 'verified' : undefined}> — {reason}</span>}
      </span>
    </span>
  );
}
