import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { contentSecurityPolicy } from '../host/content-security-policy.js';
import type { PeregrineService } from '../service/service.js';
import { serveChannel } from './message-channel.js';
import { requestGuard, sessionCookie } from './request-guard.js';
import { addRestRoutes } from './rest-routes.js';

export interface LocalServerOptions {
  readonly service: PeregrineService;
  readonly token: string;
  /** The address to listen on: loopback unless the user asked otherwise. */
  readonly host: string;
  /** 0 takes any free port. */
  readonly port: number;
  /** The built renderer (dist/renderer); the API works without it. */
  readonly rendererDir: string;
}

/** A body larger than this is refused with 413 (10,000 URLs of a typical length fit easily). */
const bodyLimitBytes = 16 << 20;

/**
 * `peregrine serve`: the web UI, the WebSocket contract and the REST API on
 * one port, behind the token. Returns the listening server and its address.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<{ app: FastifyInstance; origin: string }> {
  const { service } = options;
  // Closing drops idle keep-alive and refused upgrade connections too: a stop never waits on a client.
  const app = Fastify({ bodyLimit: bodyLimitBytes, logger: false, forceCloseConnections: true });
  const allowedHosts = new Set<string>();
  const publicPaths = new Set(['/', '/index.html', '/favicon.ico']);
  app.addHook(
    'onRequest',
    requestGuard({
      token: options.token,
      allowedHosts,
      // The page shell and its hashed assets carry no data; everything under /api needs the token.
      isPublic: (path) => publicPaths.has(path) || path.startsWith('/assets/'),
    }),
  );
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler(async (error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    await reply.code(status).send({ code: status === 500 ? 'internal' : 'invalid_input', message: status === 500 ? 'something went wrong inside Peregrine' : error.message });
  });
  app.setNotFoundHandler(async (_request, reply) => {
    await reply.code(404).send({ code: 'not_found', message: 'no such route' });
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: bodyLimitBytes } });
  app.get('/api/socket', { websocket: true }, (socket) => {
    const channel = serveChannel(service, {
      send: (text) => socket.send(text),
      get buffered() {
        return socket.bufferedAmount;
      },
      close: (reason) => socket.close(4000, reason),
    });
    socket.on('message', (data: Buffer) => channel.receive(data.toString('utf8')));
    socket.on('close', () => channel.closed());
  });

  // The page swaps the token from its address (#token=…) for this HttpOnly cookie, then forgets it.
  app.post('/api/session', async (_request, reply) => {
    await reply
      .header('set-cookie', `${sessionCookie}=${options.token}; HttpOnly; SameSite=Strict; Path=/`)
      .code(204)
      .send();
  });

  addRestRoutes(app, service);

  if (existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html', wildcard: true });
  }

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  for (const name of hostNames(options.host)) allowedHosts.add(`${name}:${port}`);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, origin: `http://${shownHost}:${port}` };
}

/** The Host header values that name this server. */
function hostNames(host: string): string[] {
  if (host === '127.0.0.1' || host === 'localhost') return ['127.0.0.1', 'localhost'];
  if (host === '::1') return ['[::1]', 'localhost'];
  return [host.includes(':') ? `[${host}]` : host.toLowerCase()];
}
