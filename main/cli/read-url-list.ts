import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { UsageError } from './exit-codes.js';
import { printable } from './terminal-text.js';

/** URLs from a file, one per line (`-` reads stdin); blank lines and `#` comments are skipped. */
export async function readUrlList(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const content = source === '-' ? await text(stdin) : await readListFile(source);
  return content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

async function readListFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the URL list ${printable(file)}: ${readProblems[code ?? ''] ?? code ?? String(error)}`);
  }
}

const readProblems: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};
