#!/usr/bin/env node
import { exitCodes } from './exit-codes.js';
import { runCli } from './program.js';

const interrupt = new AbortController();
process.on('SIGINT', () => {
  // First Ctrl-C: stop cleanly, saving what is on disk. Second: leave now.
  if (interrupt.signal.aborted) process.exit(exitCodes.interrupted);
  interrupt.abort();
});
process.on('SIGTERM', () => interrupt.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  signal: interrupt.signal,
});
