/**
 * What a download does when a file already has its name in the folder.
 * Stored with each task as text; never renamed once released.
 * - rename: save as "name (1).ext" (the default; nothing is ever replaced)
 * - overwrite: replace the old file, only once the new one is complete and verified
 * - skip: leave the old file and end the task as completed ("already there")
 * - continue: take the old file as the partial download, if its end matches the server's bytes
 */
export const onExistsPolicies = ['rename', 'overwrite', 'skip', 'continue'] as const;
export type OnExists = (typeof onExistsPolicies)[number];
export const defaultOnExists: OnExists = 'rename';

export function isOnExists(value: string): value is OnExists {
  return (onExistsPolicies as readonly string[]).includes(value);
}
