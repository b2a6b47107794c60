#!/usr/bin/env node
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepCompiledCode } from './code-cache.js';
import { exitCodes } from './exit-codes.js';

// Before the modules below load: their compiled code is kept between runs.
keepCompiledCode(path.join(path.dirname(fileURLToPath(import.meta.url)), 'chunks'));

/**
 * Ctrl-C, SIGTERM and a closed stdout (`peregrine get … | head -1`) all stop
 * the run the same way: transfers stop with their bytes saved, the tasks are
 * paused, and the process exits with 128 + the signal's number. A second
 * signal while stopping leaves at once.
 */
const interrupt = new AbortController();
let stoppedWith: number | undefined;
const stop = (code: number): void => {
  if (interrupt.signal.aborted) process.exit(stoppedWith ?? code);
  stoppedWith = code;
  interrupt.abort();
};
process.on('SIGINT', () => stop(exitCodes.interrupted));
process.on('SIGTERM', () => stop(exitCodes.terminated));
for (const stream of [process.stdout, process.stderr]) {
  // Whatever is written after the reader went away is dropped, never thrown.
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' && !interrupt.signal.aborted) stop(exitCodes.outputClosed);
  });
}

// No top-level await: the bundle is CommonJS, whose loader starts faster than
// Node's ESM loader (scripts/bundle-cli.js). A failure still ends the process
// with its stack, as an unhandled rejection.
void (async () => {
  const { runCli } = await import('./program.js');
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read only by `get -i -`: Node builds the stream (and loads net, streams, readline) when asked.
    get stdin() {
      return process.stdin;
    },
    cwd: process.cwd(),
    env: process.env,
    signal: interrupt.signal,
  });
  process.exitCode = code === exitCodes.interrupted && stoppedWith !== undefined ? stoppedWith : code;
})();
