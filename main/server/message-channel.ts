import { callMessage, type EventMessage, type ReplyMessage } from '../../app/contract/messages.js';
import type { PeregrineService } from '../service/service.js';

/** A two-way text channel to one client: a WebSocket, a control-socket connection. */
export interface TextChannel {
  send(text: string): void;
  /** Bytes written but not yet sent: a client that does not read makes this grow. */
  readonly buffered: number;
  close(reason: string): void;
}

/** A client that lets this much pile up is cut off; it reconnects and takes a fresh snapshot. */
const maxBufferedBytes = 8 << 20;

/**
 * Speaks the contract over any text channel: calls `{id, method, input}` in,
 * replies `{id, ok, result | error}` and numbered events out. Returns the
 * function that takes one incoming text, and the one to call when the
 * channel closes.
 */
export function serveChannel(service: PeregrineService, channel: TextChannel): { receive(text: string): void; closed(): void } {
  let open = true;
  const send = (message: ReplyMessage | EventMessage): void => {
    if (!open) return;
    if (channel.buffered > maxBufferedBytes) {
      // Never buffer without bound for a slow client: it resyncs instead.
      open = false;
      stopEvents();
      channel.close('resync needed: the client fell behind');
      return;
    }
    channel.send(JSON.stringify(message));
  };
  const stopEvents = service.onEvent(send);
  return {
    receive: (text) => {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        send({ id: 0, ok: false, error: { code: 'invalid_input', message: 'a message must be JSON' } });
        return;
      }
      const parsed = callMessage.safeParse(raw);
      if (!parsed.success) {
        send({ id: 0, ok: false, error: { code: 'invalid_input', message: 'a call is {"id", "method", "input"}' } });
        return;
      }
      const { id, method, input } = parsed.data;
      void service.dispatch(method, input).then((reply) => send({ id, ...reply }));
    },
    closed: () => {
      open = false;
      stopEvents();
    },
  };
}
