import { useMemo } from 'react';
import type { CommandInput, CommandName, CommandResult } from '../../../app/contract/commands.js';
import { errorWords } from '../../../app/ui/error-words.js';
import { resultWords } from '../../../app/ui/result-words.js';
import { useServices } from './services.js';

/**
 * Calls the service and says what went wrong in a toast, so no component
 * handles errors its own way. Resolves to undefined after a failure.
 */
export function useCommands() {
  const { client, store } = useServices();
  return useMemo(() => {
    async function run<M extends CommandName>(method: M, input: CommandInput<M>): Promise<CommandResult<M> | undefined> {
      try {
        const result = await client.call(method, input);
        reportRefusals(result);
        return result;
      } catch (error) {
        store.getState().toast(errorWords(error), 'error');
        return undefined;
      }
    }
    function reportRefusals(result: unknown): void {
      for (const words of resultWords(result)) store.getState().toast(words, 'error');
    }
    return { run };
  }, [client, store]);
}
