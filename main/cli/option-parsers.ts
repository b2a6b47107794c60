import { InvalidArgumentError } from 'commander';
import { parseChecksum, type Checksum } from '../../app/domain/checksum.js';

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
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

export function checksumArgument(value: string): Checksum {
  const checksum = parseChecksum(value);
  if (checksum === undefined) throw new InvalidArgumentError('expected sha256=<64 hex>, sha1=<40 hex> or md5=<32 hex>');
  return checksum;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
