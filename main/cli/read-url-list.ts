import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';

/** URLs from a file, one per line (`-` reads stdin); blank lines and `#` comments are skipped. */
export async function readUrlList(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const content = source === '-' ? await text(stdin) : await readFile(source, 'utf8');
  return content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
