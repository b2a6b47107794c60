import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContractErrorBody, RefusalCode } from '../../app/contract/errors.js';
import { tokenMatches } from './access-token.js';

export const sessionCookie = 'peregrine_session';
const failureWindowMs = 60_000;
const failuresAllowed = 20;

export interface GuardOptions {
  readonly token: string;
  /** Host header values this server answers to (its own address and port). */
  readonly allowedHosts: ReadonlySet<string>;
  /** Paths anyone may load: the page shell and its assets, and the login exchange. */
  readonly isPublic: (path: string) => boolean;
  readonly now?: () => number;
}

/**
 * Denies by default. Every request must name this server in `Host` (DNS
 * rebinding), a browser's state-changing request must come from this
 * origin, and every route but the public shell needs the token, as a Bearer
 * header or as the session cookie the page got in exchange for it.
 */
export function requestGuard(options: GuardOptions): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const failures = new Map<string, number[]>();
  const now = options.now ?? Date.now;
  return async (request, reply) => {
    // A refused WebSocket upgrade is answered in plain HTTP, then its socket is closed: it belongs to no
    // HTTP connection, so nothing else would ever close it (and the server could not stop).
    if (isUpgrade(request)) {
      reply.header('connection', 'close');
      reply.raw.once('finish', () => request.raw.socket.destroySoon());
    }
    const host = request.headers.host ?? '';
    if (!options.allowedHosts.has(host.toLowerCase())) {
      await reply.code(403).send(refusedBody('foreign_origin', 'this server only answers to its own address'));
      return;
    }
    const origin = request.headers.origin;
    const changesState = request.method !== 'GET' && request.method !== 'HEAD';
    if (origin !== undefined && (changesState || isUpgrade(request)) && origin !== `http://${host}`) {
      await reply.code(403).send(refusedBody('foreign_origin', 'requests from other sites are refused'));
      return;
    }
    const path = request.url.split('?')[0] ?? '';
    if (options.isPublic(path)) return;
    const address = request.ip;
    const recent = (failures.get(address) ?? []).filter((at) => at > now() - failureWindowMs);
    if (recent.length >= failuresAllowed) {
      await reply.code(429).header('retry-after', '60').send(refusedBody('not_authorized', 'too many wrong tokens; wait a minute'));
      return;
    }
    if (tokenMatches(options.token, bearerOf(request) ?? cookieOf(request, sessionCookie))) return;
    recent.push(now());
    failures.set(address, recent);
    await reply.code(401).header('www-authenticate', 'Bearer').send(refusedBody('not_authorized', 'the access token is missing or wrong'));
  };
}

/** The contract's error body, so a script reads the guard's answers as it reads the service's. */
function refusedBody(refusal: RefusalCode, message: string): ContractErrorBody {
  return { code: 'refused', refusal, message };
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function isUpgrade(request: FastifyRequest): boolean {
  return (request.headers.upgrade ?? '').toLowerCase() === 'websocket';
}
