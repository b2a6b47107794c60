import { useMemo } from 'react';
import type { CommandInput, CommandName, CommandResult } from '../../../app/contract/commands.js';
import { errorWords } from '../../../app/ui/error-words.js';
import { resultWords } from '../../../app/ui/result-words.js';
import { useServices } from './services.js';

/**
 * Calls the service and says what went wrong in a toast, so no component
 * handles errors its own way. Resolves to undefined after a failure.
 * `done` says what the command did ("Added 2 downloads") before what it
 * could not do ("1 link could not be added"): the toasts read in that order.
 */
export function useCommands() {
  const { client, store } = useServices();
  return useMemo(() => {
    async function run<M extends CommandName>(method: M, input: CommandInput<M>, done?: (result: CommandResult<M>) => void): Promise<CommandResult<M> | undefined> {
      let result: CommandResult<M>;
      try {
        result = await client.call(method, input);
      } catch (error) {
        store.getState().toast(errorWords(error), 'error');
        return undefined;
      }
      done?.(result);
      reportRefusals(result);
      return result;
    }
    function reportRefusals(result: unknown): void {
      for (const words of resultWords(result)) store.getState().toast(words, 'error');
    }
    return { run };
  }, [client, store]);
}
