import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Manifest {
  readonly root: string;
  readonly version: string;
}

let found: Manifest | undefined;

/**
 * The Peregrine checkout or package this code runs from, found by walking up
 * to our package.json: the same answer from dist/main/cli/ (tsc's output) and
 * from dist/cli/ (the bundle), wherever a bundler put this function.
 */
function manifest(): Manifest {
  if (found !== undefined) return found;
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth += 1) {
    try {
      const json = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (json.name === 'peregrine' && typeof json.version === 'string') return (found = { root: folder, version: json.version });
    } catch {
      // No package.json here (or not ours): look one folder up.
    }
    folder = path.dirname(folder);
  }
  throw new Error(`cannot find Peregrine's package.json above ${fileURLToPath(import.meta.url)}`);
}

export function peregrineVersion(): string {
  return manifest().version;
}

/** The built web UI (`npm run build` puts it in dist/renderer). */
export function rendererFolder(): string {
  return path.join(manifest().root, 'dist', 'renderer');
}
