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
export function keepCompiledCode(chunksFolder: string, args: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): void {
  if (env['NODE_DISABLE_COMPILE_CACHE'] !== undefined || process.sourceMapsEnabled === true) return;
  const cacheFolder = codeCacheFolder(env);
  const enableCompileCache = (Module as { enableCompileCache?: (folder: string) => unknown }).enableCompileCache;
  if (enableCompileCache === undefined) {
    // One folder per installed copy: each removes only the code of its own replaced chunks.
    compileWithCache(chunksFolder, path.join(cacheFolder, `cli-${fnv1a(chunksFolder)}`), commandOf(args));
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
 * `chunksFolder` are compiled with the code V8 made for them in an earlier run
 * of the same command, and a chunk without one has its code saved when the
 * process exits — after the run, so it holds every function the run compiled,
 * not only the few V8 compiles up front (bench (s): `get`'s first request
 * 145 → 126 ms, where code saved right after compiling gave 134 ms). Each
 * command keeps its own: code saved by `--version` holds little of the chunk
 * that also parses `get`'s options, and every later `get` compiled the rest
 * (109 ms to the first request, 89 ms with code saved by a `get`). V8 rejects
 * code made by another version or for a source of another length, and
 * rejected or missing code is made again. Anything that goes wrong here costs
 * speed, never the command.
 */
function compileWithCache(chunksFolder: string, cacheFolder: string, command: string): void {
  const prototype = (Module as unknown as { prototype: CompilingModule }).prototype;
  const compile = prototype._compile;
  const unsaved = new Map<string, vm.Script>();
  prototype._compile = function (this: CompilingModule, content: string, filename: string): unknown {
    // import() in a script compiled here would need Node's experimental loader hook: such a chunk compiles as usual.
    if (path.dirname(filename) !== chunksFolder || content.includes('import(')) return compile.call(this, content, filename);
    const file = path.join(cacheFolder, `${codeName(filename)}.${command}.code`);
    const cachedData = readIfThere(file);
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData !== undefined ? { cachedData } : {}) });
    if (cachedData === undefined || script.cachedDataRejected === true) unsaved.set(file, script);
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, chunksFolder);
  };
  process.once('exit', () => {
    if (unsaved.size > 0) save(unsaved, chunksFolder, cacheFolder);
  });
}

/** The command's name as code files are kept by: a word (`get`, `list`), `version`, or `other` for anything else. */
function commandOf(args: readonly string[]): string {
  const [first] = args;
  if (first === '--version' || first === '-V') return 'version';
  return first !== undefined && /^[a-z]{2,12}$/.test(first) ? first : 'other';
}

/** A chunk as its code files are named: its name (which carries a hash of its content), size and time of change. */
function codeName(chunk: string): string {
  const { size, mtimeMs } = statSync(chunk);
  return `${path.basename(chunk)}.${size}.${Math.trunc(mtimeMs)}`;
}

/** A short, stable name for a path (FNV-1a, 32 bits): no hashing module to load at start-up. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
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
    removeStale(chunksFolder, cacheFolder);
  } catch {
    // A read-only or full home: the next run compiles again.
  }
}

/** Code of chunks an upgrade or a rebuild replaced is never read again. */
function removeStale(chunksFolder: string, cacheFolder: string): void {
  const current = new Set(
    readdirSync(chunksFolder)
      .filter((name) => name.endsWith('.cjs'))
      .map((name) => codeName(path.join(chunksFolder, name))),
  );
  for (const name of readdirSync(cacheFolder)) {
    const chunk = /^(.+\.cjs\.\d+\.\d+)\.[a-z]+\.code$/.exec(name)?.[1];
    if (chunk !== undefined && !current.has(chunk)) rmSync(path.join(cacheFolder, name), { force: true });
  }
}
