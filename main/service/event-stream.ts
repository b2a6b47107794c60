import type { EventName, EventPayload } from '../../app/contract/events.js';
import type { EventMessage } from '../../app/contract/messages.js';

/**
 * The service's numbered events. A client that receives seq N+2 after N knows
 * it missed one and takes a new snapshot, which carries the seq it reflects.
 */
export class EventStream {
  private seq = 0;
  private readonly listeners = new Set<(message: EventMessage) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  get lastSeq(): number {
    return this.seq;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.seq += 1;
    const message = { seq: this.seq, event, payload } as EventMessage;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        // One broken client (a closed socket, a bug in a host) must not starve the others.
        this.onListenerError(error);
      }
    }
  }

  subscribe(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
