import { useEffect, useState } from 'react';
import type { TaskDetails } from '../../../../app/contract/views.js';
import { useApp, useServices } from '../services.js';

/** How often the dock asks again while a download runs, so its ranges fill in. */
const liveEveryMs = 1000;

/** The details of one task, asked for again when the task changes, and every second while it runs. */
export function useTaskDetails(id: number): TaskDetails | null {
  const { client } = useServices();
  const task = useApp((s) => s.tasks.get(id));
  const [details, setDetails] = useState<TaskDetails | null>(null);
  const running = task?.state === 'running';

  useEffect(() => {
    let current = true;
    const load = () =>
      client.call('tasks.details', { id }).then(
        (answer) => current && setDetails(answer),
        () => undefined,
      );
    void load();
    const timer = running ? setInterval(() => void load(), liveEveryMs) : undefined;
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, id, task, running]);

  return details?.task.id === id ? details : null;
}
