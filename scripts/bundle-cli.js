// The last step of `npm run build`: the CLI bundled by vite (rolldown) from
// tsc's output into dist/cli/peregrine.cjs, the package's bin. A command then
// loads a few files instead of about 190 modules, each of which Node would
// resolve, read and compile on its own. Dynamic imports stay chunks of their
// own (dist/cli/chunks/), so `--version` loads no engine and `get` no server.
// better-sqlite3 (a native addon) and the server's framework stay in
// node_modules, loaded from there as before. got's HTTP/2, response cache
// and DNS cache, which the engine never turns on, are left out
// (scripts/unused-got-features/README.md); the type checks got imports make
// their list formatters on first use (scripts/lazy-list-format.js).
import path from 'node:path';
import { build } from 'vite';
import { lazyListFormat } from './lazy-list-format.js';

const root = path.join(import.meta.dirname, '..');
const external = [/^better-sqlite3$/, /^fastify$/, /^@fastify\//];
const unusedGotFeatures = Object.fromEntries(
  ['http2-wrapper', 'cacheable-request', 'cacheable-lookup'].map((name) => [name, path.join(root, 'scripts/unused-got-features', `${name}.js`)]),
);

/** One bundle of tsc's output: the CLI, and the bench's start-up floor built the same way. */
function bundle(entry, outDir, fileName) {
  return build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [lazyListFormat()],
    resolve: { alias: unusedGotFeatures },
    build: {
      ssr: path.join(root, entry),
      outDir: path.join(root, outDir),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rolldownOptions: {
        external,
        // No comments: Node reads, decodes and scans every byte of a chunk it loads, and comments were
        // a fifth of ours (722 → 587 KB). Fully minified was no faster (bench (s)), and this keeps the
        // names and layout, so a stack trace reads as before without source maps.
        // CommonJS: Node's CommonJS loader starts a file faster than its ESM loader, which a command
        // would otherwise set up first (bench (s), alternating: `--version` 115 → 96 ms, `get`'s first
        // request 227 → 196 ms). Our sources stay ESM; only this output is CommonJS, hence `.cjs`.
        output: { format: 'cjs', entryFileNames: fileName, chunkFileNames: 'chunks/[name]-[hash].cjs', comments: false },
      },
    },
    ssr: { noExternal: true, target: 'node', external: ['better-sqlite3', 'fastify', '@fastify/static', '@fastify/websocket'] },
  });
}

await bundle('dist/main/cli/main.js', 'dist/cli', 'peregrine.cjs');
// test/bench/start-floor.ts: what any got + SQLite process pays before its first request, loaded as the CLI is.
await bundle('dist/test/bench/start-floor.js', 'dist/test/start-floor', 'start-floor.cjs');
