/** An expected file digest, as users paste it from download pages: "sha256=ab12…". */
export const checksumAlgorithms = { sha256: 64, sha1: 40, md5: 32 } as const;
export type ChecksumAlgorithm = keyof typeof checksumAlgorithms;

export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Lower-case hex. */
  readonly hex: string;
}

export function parseChecksum(text: string): Checksum | undefined {
  const match = /^\s*([a-z0-9-]+)\s*[=:]\s*([0-9a-f]+)\s*$/i.exec(text);
  if (!match) return undefined;
  const algorithm = (match[1] ?? '').toLowerCase().replace('-', '');
  const hex = (match[2] ?? '').toLowerCase();
  if (!isChecksumAlgorithm(algorithm) || hex.length !== checksumAlgorithms[algorithm]) return undefined;
  return { algorithm, hex };
}

function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return Object.hasOwn(checksumAlgorithms, name);
}
