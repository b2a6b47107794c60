/**
 * Last-resort cleanup (kill nginx and any tool still running, remove the temp
 * dir) that also runs on Ctrl-C, SIGTERM and unexpected exits. Handlers are
 * synchronous because an exiting process runs nothing else.
 */
const handlers = new Set<() => void>();
let installed = false;

export function onCleanup(handler: () => void): () => void {
  install();
  handlers.add(handler);
  return () => handlers.delete(handler);
}

export function runCleanups(): void {
  // Newest first: stop processes before removing the folder they use.
  for (const handler of [...handlers].reverse()) {
    handlers.delete(handler);
    try {
      handler();
    } catch {
      // Cleanup is best effort; one failure must not keep the rest from running.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, cleaning up\n`);
      runCleanups();
      process.exit(code);
    });
  }
}
