import { createHash } from 'node:crypto';
import type { ChecksumAlgorithm } from '../../app/domain/checksum.js';
import type { FileSystem } from './file-system.js';

/** Streams the file through the digest: constant memory whatever its size. */
export async function hashFile(fs: FileSystem, path: string, algorithm: ChecksumAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
