import { InvalidArgumentError } from 'commander';
import { parseChecksum, type Checksum } from '../../app/domain/checksum.js';
import { maxConnectionsPerTask } from '../../app/domain/default-settings.js';
import type { OnExists } from '../../app/domain/on-exists.js';
import { parseByteSize } from '../../app/domain/units.js';

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return number;
}

export function connectionCount(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > maxConnectionsPerTask) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${maxConnectionsPerTask}`);
  }
  return number;
}

export function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number of at least 0');
  return number;
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}

/** A speed such as 500K or 2M (bytes per second, binary multiples); 0 means no limit. */
export function byteRate(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new InvalidArgumentError('expected a speed such as 500K or 2M (bytes per second)');
  return bytes;
}

export function checksumArgument(value: string): Checksum {
  const checksum = parseChecksum(value);
  if (checksum === undefined) throw new InvalidArgumentError('expected sha256=<64 hex>, sha1=<40 hex> or md5=<32 hex>');
  return checksum;
}

/** `--on-exists`: `continue` has its own flag, `--continue`, as in wget and aria2c. */
export function onExistsArgument(value: string): Exclude<OnExists, 'continue'> {
  if (value === 'rename' || value === 'overwrite' || value === 'skip') return value;
  throw new InvalidArgumentError('expected rename, overwrite or skip (or --continue)');
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
