// Keeps each folder to the environment it runs in (see DESIGN.md, "Layout").
// Usage: node scripts/check-boundaries.js [root]   (root defaults to this repository)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const areas = ['app', 'main', 'renderer'];
const sourceExtensions = new Set(['.ts', '.tsx', '.cts', '.mts']);
const appPackages = ['zod'];
const plainNodeAreas = ['main/engine/', 'main/queue/', 'main/store/', 'main/cli/', 'main/server/', 'main/service/'];
const electronAreas = ['main/host/', 'main/preload/'];
// The CLI is a client of the service (in-process or over the owner's control socket): it never
// reaches past it into the engine, the queue or the stores; it only needs to know where the database is.
const cliReach = ['main/cli/', 'main/service/', 'main/server/', 'main/store/default-database-path.'];

// Comments and string literals are matched too, only so that an import-like
// text inside them is skipped rather than reported.
const importPattern = new RegExp(
  [
    String.raw`\/\*[\s\S]*?\*\/`,
    String.raw`\/\/[^\n]*`,
    String.raw`\b(?:import|export)\s[\w$\s{},*]*?\bfrom\s*(['"])([^'"\n]+)\1`,
    String.raw`\bimport\s*(['"])([^'"\n]+)\3`,
    String.raw`\b(?:import|require)\s*\(\s*(['"])([^'"\n]+)\5\s*\)`,
    String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60`,
  ].join('|'),
  'g',
);

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
const files = areas.flatMap((area) => sourceFiles(path.join(root, area)));
const violations = files.flatMap((file) => check(toPosix(path.relative(root, file)), readFileSync(file, 'utf8')));

if (violations.length > 0) {
  for (const violation of violations) {
    console.error(violation);
  }
  console.error(`boundaries: ${violations.length} violation(s) in ${files.length} files`);
  process.exit(1);
}
console.log(`boundaries ok (${files.length} files)`);

function sourceFiles(dir) {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : sourceFiles(full);
    }
    return sourceExtensions.has(path.extname(entry.name)) ? [full] : [];
  });
}

function check(file, source) {
  return importsOf(source).flatMap(({ specifier, line }) =>
    rulesBroken(file, specifier).map((rule) => `${file}:${line}: imports '${specifier}': ${rule}`),
  );
}

function importsOf(source) {
  const found = [];
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[2] ?? match[4] ?? match[6];
    if (specifier !== undefined) {
      found.push({ specifier, line: lineAt(source, match.index) });
    }
  }
  return found;
}

function rulesBroken(file, specifier) {
  const target = isRelative(specifier) ? path.posix.join(path.posix.dirname(file), specifier) : undefined;
  const broken = [];

  const allowedInApp = target?.startsWith('app/') || appPackages.some((name) => isPackage(specifier, name));
  if (file.startsWith('app/') && !allowedInApp) {
    broken.push(`app/ runs anywhere: only relative imports inside app/ and ${appPackages.join(', ')}`);
  }
  if (isPackage(specifier, 'electron') && !electronAreas.some((area) => file.startsWith(area))) {
    broken.push(
      plainNodeAreas.some((area) => file.startsWith(area))
        ? 'main/engine, queue, store, cli and server are plain Node and never import electron'
        : 'only main/host and main/preload import electron',
    );
  }
  if (file.startsWith('renderer/') && target?.startsWith('main/')) {
    broken.push('renderer/ never imports main/');
  }
  if (file.startsWith('renderer/') && isBuiltin(specifier)) {
    broken.push('renderer/ runs in the browser: no Node builtins');
  }
  if (file.startsWith('main/cli/') && target?.startsWith('main/') && !cliReach.some((area) => target.startsWith(area))) {
    broken.push('main/cli/ goes through the service: never main/engine, main/queue or main/store (only main/store/default-database-path)');
  }
  if (file.startsWith('main/') && target?.startsWith('renderer/')) {
    broken.push('main/ never imports renderer/');
  }
  return broken;
}

function isRelative(specifier) {
  return /^\.\.?(\/|$)/.test(specifier);
}

function isPackage(specifier, name) {
  return specifier === name || specifier.startsWith(`${name}/`);
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.some((name) => isPackage(specifier, name));
}

function lineAt(source, index) {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < index; i = source.indexOf('\n', i + 1)) {
    line += 1;
  }
  return line;
}

function toPosix(file) {
  return file.split(path.sep).join('/');
}
