import os from 'node:os';
import path from 'node:path';
import { loadOrCreateToken } from '../server/access-token.js';
import { DatabaseOwnedError, listenAsOwner } from '../server/control-socket.js';
import { startLocalServer } from '../server/local-server.js';
import { isLoopback } from '../server/loopback.js';
import { controlSocketPath } from '../server/owner-client.js';
import { openHeadlessService } from '../service/open-service.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';
import { databasePath } from './local-service.js';
import { rendererFolder } from './package-root.js';
import type { ServeFlags } from './serve-command.js';

/** Runs the queue with the web UI and the local API until a signal; returns the exit code. */
export async function serve(flags: ServeFlags, io: CliIo): Promise<number> {
  const local = openHeadlessService({
    databaseFile: databasePath(flags.db, io),
    privateFolder: flags.db === undefined,
    hostKind: 'serve',
    defaultDir: flags.dir !== undefined ? path.resolve(io.cwd, flags.dir) : path.join(os.homedir(), 'Downloads'),
    log: (message, error) => io.stderr.write(`peregrine: ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  });
  const { service } = local;
  try {
    const tokenFile = flags.tokenFile !== undefined ? path.resolve(io.cwd, flags.tokenFile) : path.join(path.dirname(local.databaseFile), 'serve-token');
    const token = await loadOrCreateToken(tokenFile);
    const owner = await listenAsOwner(service, controlSocketPath(local.databaseFile), local.exclusively);
    service.start();
    const { app, origin } = await startLocalServer({ service, token, host: flags.host, port: flags.port, rendererDir: rendererFolder() });
    // The first line is the address to open; the token rides in the fragment, which never reaches a server log.
    io.stdout.write(`${origin}/#token=${token}\n`);
    if (!isLoopback(flags.host)) io.stderr.write(`peregrine: listening on ${flags.host}: other machines can reach this server (the token is still required)\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await app.close();
    await owner.close();
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof DatabaseOwnedError)) throw error;
    io.stderr.write(`peregrine: ${error.message}\n`);
    return exitCodes.failed;
  } finally {
    // Running downloads stop with their bytes saved and are resumed by the next start.
    await service.stop('interrupt');
    local.close();
  }
}
