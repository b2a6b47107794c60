import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import type { PeregrineService } from '../service/service.js';
import { serveChannel } from './message-channel.js';
import { connectToOwner } from './owner-client.js';

/** The owner's side of the control socket (see owner-client.ts for the path and the client). */

export class DatabaseOwnedError extends Error {
  override readonly name = 'DatabaseOwnedError';
}

/** Runs its work holding a lock every process on the database respects (the database's write lock). */
export type Exclusively = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Becomes the database's owner, replacing a stale socket left by a killed one; refuses when a live owner answers.
 * Looking for an owner and taking its place happen under `exclusively`, so two processes starting at once never both win.
 */
export async function listenAsOwner(service: PeregrineService, socketPath: string, exclusively: Exclusively = (work) => work()): Promise<{ close(): Promise<void> }> {
  const claim = await exclusively(async () => {
    const existing = await connectToOwner(socketPath);
    if (existing !== undefined) return { existing };
    if (process.platform !== 'win32') await unlink(socketPath).catch(() => undefined);
    return { server: await listen(service, socketPath) };
  });
  if (claim.existing !== undefined) {
    // Asked outside the lock: the owner may need the database to answer.
    const info = await claim.existing.call('host.info', {}).catch(() => undefined);
    claim.existing.close();
    throw new DatabaseOwnedError(`the database is in use by ${info !== undefined ? `${info.kind} (pid ${info.pid})` : 'another Peregrine process'}`);
  }
  return claim.server;
}

async function listen(service: PeregrineService, socketPath: string): Promise<{ close(): Promise<void> }> {
  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.setEncoding('utf8');
    const channel = serveChannel(service, {
      send: (text) => void socket.write(`${text}\n`),
      get buffered() {
        return socket.writableLength;
      },
      close: () => socket.end(),
    });
    let pending = '';
    socket.on('data', (chunk: string) => {
      pending += chunk;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        if (line.trim() !== '') channel.receive(line);
      }
      // A line without end is not a call: cut off a client that sends one larger than any sane call.
      if (pending.length > 32 << 20) socket.destroy();
    });
    socket.on('close', () => {
      connections.delete(socket);
      channel.closed();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  // Only this user may drive the queue.
  if (process.platform !== 'win32') await chmod(socketPath, 0o600);
  return {
    close: async () => {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

