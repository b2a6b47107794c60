import type { TaskView } from '../../../../app/contract/views.js';
import { taskWords } from '../../../../app/ui/task-words.js';
import { sayWords } from '../../i18n/say.js';
import { StateIcon } from '../common/StateIcon.js';
import { useNow } from '../common/use-now.js';
import { useSlotsFree } from '../common/use-slots-free.js';

type Shown = Pick<TaskView, 'state' | 'reason' | 'httpStatus' | 'nextAttemptAt' | 'checksum' | 'message'>;

function Words({ task, now, slotsFree = false }: { readonly task: Shown; readonly now: number; readonly slotsFree?: boolean }) {
  const words = taskWords(task, now, { slotsFree });
  const label = sayWords(words.label);
  const reason = words.reason === null ? '' : ` — ${sayWords(words.reason)}`;
  // The column cuts long words off at its end: the tooltip says them whole, then the engine's own words for the problem.
  const title = task.message === null ? `${label}${reason}` : `${label}${reason}\n${task.message}`;
  // A completed task's reason is its verified checksum, said in the completed colour.
  return (
    <span className="state" title={title}>
      <StateIcon state={task.state} />
      <span className={task.state === 'completed' && words.reason !== null ? 'words verified' : 'words'}>
        <span className="label">{label}</span>
        {reason}
      </span>
    </span>
  );
}

/** Only a retrying task counts down, so only it holds a timer. */
function CountingDown({ task }: { readonly task: Shown }) {
  return <Words task={task} now={useNow(true)} />;
}

/** Only a queued task says what it waits for, so only it watches the slots. */
function Waiting({ task }: { readonly task: Shown }) {
  return <Words task={task} now={0} slotsFree={useSlotsFree()} />;
}

/** The state in its colour and, after a dash, why: "Retrying in 12 s — server busy (503)". */
export function StatusWords({ task }: { readonly task: Shown }) {
  if (task.state === 'retrying') return <CountingDown task={task} />;
  if (task.state === 'queued') return <Waiting task={task} />;
  return <Words task={task} now={0} />;
}
