import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sha256Of, type TestFile } from './test-files.js';

/**
 * What is wrong with a tool's output folder: a missing, extra (leftover
 * partial or control file) or differing file. Empty when every expected file
 * is there, byte for byte, and nothing else is.
 */
export async function outputProblems(dir: string, expected: readonly TestFile[]): Promise<string[]> {
  const wanted = new Map(expected.map((file) => [path.posix.basename(file.name), file]));
  const present = new Set(await readdir(dir));
  const problems: string[] = [];
  for (const name of present) {
    if (!wanted.has(name)) problems.push(`unexpected file ${name}`);
  }
  for (const [name, file] of wanted) {
    if (!present.has(name)) {
      problems.push(`missing ${name}`);
      continue;
    }
    const actual = await sha256Of(path.join(dir, name));
    if (actual !== file.sha256) problems.push(`${name}: sha256 ${actual}, expected ${file.sha256}`);
  }
  return problems;
}
