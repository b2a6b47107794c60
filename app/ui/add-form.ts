import type { AddInput } from '../contract/inputs.js';
import { onExistsPolicies } from '../domain/on-exists.js';
import { parseChecksum } from '../domain/checksum.js';
import { parseHeaderLine } from '../domain/request-header.js';
import { parseByteSize } from '../domain/units.js';
import type { Words } from './task-words.js';
import type { UrlLine } from './url-lines.js';

/** The Add dialog's fields as typed: strings and ticks, nothing parsed yet. */
export interface AddForm {
  readonly dir: string;
  readonly fileName: string;
  readonly connections: string;
  readonly speedLimit: string;
  readonly checksum: string;
  readonly headers: string;
  readonly onExists: (typeof onExistsPolicies)[number] | '';
  readonly startPaused: boolean;
  readonly asGroup: boolean;
  readonly groupName: string;
  readonly allowDuplicates: boolean;
}

export const emptyAddForm: AddForm = {
  dir: '', fileName: '', connections: '', speedLimit: '', checksum: '', headers: '', onExists: '', startPaused: false, asGroup: false, groupName: '', allowDuplicates: false,
};

export type AddFormField = 'speedLimit' | 'checksum' | 'headers' | 'connections';

export type AddPlan =
  | { readonly ok: true; readonly input: AddInput }
  | { readonly ok: false; readonly errors: Partial<Record<AddFormField, Words>> };

/**
 * The input for `tasks.add` from the dialog: the lines that will be added
 * (existing ones only when the user asked to download them again) and the
 * options that apply. Field-level words for what cannot be read.
 */
export function planAdd(lines: readonly UrlLine[], form: AddForm): AddPlan {
  const urls = lines.filter((line) => line.status === 'ok' || (form.allowDuplicates && line.status === 'existing')).flatMap((line) => (line.url === null ? [] : [line.url]));
  const single = urls.length === 1;
  const errors: Partial<Record<AddFormField, Words>> = {};

  const speed = form.speedLimit.trim() === '' ? undefined : parseByteSize(form.speedLimit);
  if (speed === undefined && form.speedLimit.trim() !== '') errors.speedLimit = { key: 'add.badSpeed' };
  const connections = form.connections.trim() === '' ? undefined : Number(form.connections);
  if (connections !== undefined && (!Number.isInteger(connections) || connections < 1)) errors.connections = { key: 'add.badSpeed' };
  if (single && form.checksum.trim() !== '' && parseChecksum(form.checksum) === undefined) errors.checksum = { key: 'add.badChecksum' };

  const headers: Record<string, string> = {};
  form.headers.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = parseHeaderLine(line);
    if (parsed.ok) headers[parsed.name] = parsed.value;
    else errors.headers ??= { key: 'add.badHeader', params: { line: index + 1 } };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const input: { -readonly [K in keyof AddInput]: AddInput[K] } = { urls };
  if (form.dir.trim() !== '') input.dir = form.dir.trim();
  if (single && form.fileName.trim() !== '') input.fileName = form.fileName.trim();
  if (connections !== undefined) input.connections = connections;
  if (speed !== undefined && speed > 0) input.speedLimit = speed;
  if (single && form.checksum.trim() !== '') input.checksum = form.checksum.trim();
  if (Object.keys(headers).length > 0) input.headers = headers;
  if (form.onExists !== '') input.onExists = form.onExists;
  if (form.startPaused) input.startPaused = true;
  if (form.asGroup && form.groupName.trim() !== '') input.group = form.groupName.trim();
  if (form.allowDuplicates && lines.some((line) => line.status === 'existing')) input.allowDuplicates = true;
  return { ok: true, input };
}
