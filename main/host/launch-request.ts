import { inputLimits } from '../../app/contract/inputs.js';
import { z } from '../../app/domain/zod.js';

/**
 * What a second launch hands the running app (requestSingleInstanceLock's
 * data): the URLs from its command line and from any .txt lists it named.
 * The receiver parses it again with this schema, then adds through the
 * contract, which checks each URL.
 */
export const launchRequest = z.strictObject({
  urls: z.array(z.string().check(z.minLength(1), z.maxLength(inputLimits.urlChars))).check(z.maxLength(inputLimits.urlsPerCall)),
});
export type LaunchRequest = z.infer<typeof launchRequest>;

/** What the command line names: web addresses, and .txt files holding more of them. */
export interface LaunchArgs {
  readonly urls: readonly string[];
  readonly listFiles: readonly string[];
}

/**
 * Reads a launch's arguments (process.argv minus the executable and, in
 * development, the app path). Switches are Chromium's or Electron's, never a
 * download; anything else that is not a URL or a .txt list is ignored.
 */
export function parseLaunchArgs(args: readonly string[]): LaunchArgs {
  const urls: string[] = [];
  const listFiles: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    if (isWebUrl(arg)) urls.push(arg);
    else if (arg.toLowerCase().endsWith('.txt')) listFiles.push(arg);
  }
  return { urls, listFiles };
}

/** The URLs in a list: one a line; blank lines and `#` comments skipped; only http(s). */
export function urlsInList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && isWebUrl(line));
}

function isWebUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  return URL.canParse(text);
}
