import { useEffect, useState } from 'react';
import type { TaskDetails } from '../../../../app/contract/views.js';
import { errorWords } from '../../../../app/ui/error-words.js';
import type { Words } from '../../../../app/ui/task-words.js';
import { useApp, useServices } from '../services.js';

/** How often the dock asks again while a download runs, so its ranges fill in. */
const liveEveryMs = 1000;

export interface LoadedDetails {
  readonly details: TaskDetails | null;
  /** Why the service gave no details (while none came), in words; null while they load or once they came. */
  readonly problem: Words | null;
}

/** The details of one task, asked for again when the task changes, and every second while it runs. */
export function useTaskDetails(id: number): LoadedDetails {
  const { client } = useServices();
  const task = useApp((s) => s.tasks.get(id));
  const [details, setDetails] = useState<TaskDetails | null>(null);
  const [problem, setProblem] = useState<{ readonly id: number; readonly words: Words } | null>(null);
  const running = task?.state === 'running';

  useEffect(() => {
    let current = true;
    const load = () =>
      client.call('tasks.details', { id }).then(
        (answer) => {
          if (!current) return;
          setDetails(answer);
          setProblem(null);
        },
        (error: unknown) => current && setProblem({ id, words: errorWords(error) }),
      );
    void load();
    const timer = running ? setInterval(() => void load(), liveEveryMs) : undefined;
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, id, task, running]);

  const shown = details?.task.id === id ? details : null;
  return { details: shown, problem: shown === null && problem?.id === id ? problem.words : null };
}
