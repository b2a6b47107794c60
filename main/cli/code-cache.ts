import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { absolute } from '../store/default-database-path.js';

/**
 * Where a command keeps V8's compiled code between runs: the user's own cache
 * folder (never a shared temporary folder, where another user could plant
 * code), one subfolder per V8, whose code no other V8 can read.
 */
function codeCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  const caches =
    platform === 'win32'
      ? path.join(absolute(env['LOCALAPPDATA']) ?? path.join(home, 'AppData', 'Local'), 'Peregrine', 'Cache')
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Caches', 'Peregrine')
        : path.join(absolute(env['XDG_CACHE_HOME']) ?? path.join(home, '.cache'), 'peregrine');
  return path.join(caches, 'code', `${process.versions.v8}-${process.arch}`);
}

type Compile = (this: CompilingModule, content: string, filename: string) => unknown;
type CompilingModule = Module & { _compile: Compile };

/**
 * Compiling is much of a short command's start-up, so the code V8 compiles is
 * kept on disk between runs, in the user's cache folder: by Node itself where
 * it can (22.1+, Electron), else by `compileWithCache` for the bundle's chunks.
 * Node's own variable turns it off; with source maps on, Node's loader must see
 * each file to map its stack traces.
 */
export function keepCompiledCode(chunksFolder: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env['NODE_DISABLE_COMPILE_CACHE'] !== undefined || process.sourceMapsEnabled === true) return;
  const cacheFolder = codeCacheFolder(env);
  const enableCompileCache = (Module as { enableCompileCache?: (folder: string) => unknown }).enableCompileCache;
  if (enableCompileCache === undefined) {
    compileWithCache(chunksFolder, cacheFolder);
    return;
  }
  try {
    // Made private before Node makes it with the default mode.
    mkdirSync(cacheFolder, { recursive: true, mode: 0o700 });
    enableCompileCache(cacheFolder);
  } catch {
    // A read-only home: every run compiles.
  }
}

/**
 * Node 20's stand-in for module.enableCompileCache: the chunks in
 * `chunksFolder` are compiled with the code V8 made for them in an earlier
 * run, and a chunk without one has its code saved when the process exits —
 * after the run, so it holds every function the run compiled, not only the
 * few V8 compiles up front (bench (s): `get`'s first request 145 → 126 ms,
 * where code saved right after compiling gave 134 ms). Files are named by the
 * chunk's name (which carries a hash of its content), length and time of
 * change; V8 rejects code made by another version or for another length, and
 * a rejected or missing file is made again. Anything that goes wrong here
 * costs speed, never the command.
 */
function compileWithCache(chunksFolder: string, cacheFolder: string): void {
  const prototype = (Module as unknown as { prototype: CompilingModule }).prototype;
  const compile = prototype._compile;
  const unsaved = new Map<string, vm.Script>();
  prototype._compile = function (this: CompilingModule, content: string, filename: string): unknown {
    if (path.dirname(filename) !== chunksFolder) return compile.call(this, content, filename);
    const cacheFile = path.join(cacheFolder, `${path.basename(filename)}.${content.length}.${Math.trunc(statSync(filename).mtimeMs)}.code`);
    const cachedData = readIfThere(cacheFile);
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData !== undefined ? { cachedData } : {}) });
    if (cachedData === undefined || script.cachedDataRejected === true) unsaved.set(cacheFile, script);
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, chunksFolder);
  };
  process.once('exit', () => {
    if (unsaved.size > 0) save(unsaved, chunksFolder, cacheFolder);
  });
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function save(unsaved: ReadonlyMap<string, vm.Script>, chunksFolder: string, cacheFolder: string): void {
  try {
    mkdirSync(cacheFolder, { recursive: true, mode: 0o700 });
    // Written aside and renamed: a command starting meanwhile reads the old file or the new one, never half of one.
    for (const [file, script] of unsaved) {
      const aside = `${file}.${process.pid}.tmp`;
      writeFileSync(aside, script.createCachedData(), { mode: 0o600 });
      renameSync(aside, file);
    }
    // Code of chunks an upgrade replaced is never read again.
    const chunks = new Set(readdirSync(chunksFolder));
    for (const name of readdirSync(cacheFolder)) {
      if (!chunks.has(name.replace(/\.\d+\.\d+\.code$/, ''))) rmSync(path.join(cacheFolder, name), { force: true });
    }
  } catch {
    // A read-only or full home: the next run compiles again.
  }
}
