import { builtOnFirstUse } from '../domain/built-on-first-use.js';
import { parseChecksum } from '../domain/checksum.js';
import { maxConnectionsPerTask } from '../domain/default-settings.js';
import { onExistsPolicies } from '../domain/on-exists.js';
import { parseHeaderLine } from '../domain/request-header.js';
import { z } from '../domain/zod.js';

/** Bounds on what one call may carry, so a hostile or buggy client cannot make the service work without end. */
export const inputLimits = {
  urlsPerCall: 10_000,
  urlChars: 8_192,
  idsPerCall: 10_000,
  pathChars: 4_096,
  nameChars: 1_024,
  headersPerTask: 64,
  groupNameChars: 200,
} as const;

// Built on first use, like the commands' schemas (commands.ts): `get` needs none of these.
export const taskId = builtOnFirstUse(() => z.int().check(z.positive()));
export const taskIds = builtOnFirstUse(() => z.array(taskId()).check(z.minLength(1), z.maxLength(inputLimits.idsPerCall)));

/** Which tasks a bulk command applies to: these ids, or every task it applies to. */
export const selection = builtOnFirstUse(() => z.union([z.strictObject({ ids: taskIds() }), z.strictObject({ all: z.literal(true) })]));
export type Selection = z.infer<ReturnType<typeof selection>>;

/** An absolute path on any of the desktop platforms; the host checks it further. */
export const absolutePath = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(inputLimits.pathChars),
    z.refine((path) => !path.includes('\0'), 'a path cannot contain a NUL character'),
    z.refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'), 'the folder must be an absolute path'),
  );

export const checksumText = z
  .string()
  .check(
    z.maxLength(200),
    z.refine((text) => parseChecksum(text) !== undefined, 'a checksum is written as sha256=<64 hex digits>, sha1=<40> or md5=<32>'),
  );

/** Request headers as name → value; each is checked as the CLI's --header is. */
export const requestHeaders = z.record(z.string().check(z.maxLength(256)), z.string().check(z.maxLength(8_192))).check(
  z.refine((headers) => Object.keys(headers).length <= inputLimits.headersPerTask, `at most ${inputLimits.headersPerTask} headers`),
  z.superRefine((headers, context) => {
    for (const [name, value] of Object.entries(headers)) {
      const parsed = parseHeaderLine(`${name}: ${value}`);
      if (!parsed.ok) context.addIssue({ code: 'custom', path: [name], message: parsed.error });
    }
  }),
);

export const onExistsPolicy = z.enum(onExistsPolicies);

export const connections = z.int().check(z.minimum(1), z.maximum(maxConnectionsPerTask));
/** Bytes per second; 0 or null means no limit of its own. */
export const bytesPerSecond = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));

export const addInput = z
  .strictObject({
    /** Each is checked on its own: a bad one is reported in `rejected`, the rest are added. */
    urls: z.array(z.string().check(z.minLength(1), z.maxLength(inputLimits.urlChars))).check(z.minLength(1), z.maxLength(inputLimits.urlsPerCall)),
    /** The destination folder; the default folder from the settings when absent. */
    dir: z.optional(absolutePath),
    /** The file name, for a single URL; sanitised like a server's name. */
    fileName: z.optional(z.string().check(z.minLength(1), z.maxLength(inputLimits.nameChars))),
    connections: z.optional(connections),
    speedLimit: z.optional(bytesPerSecond),
    checksum: z.optional(checksumText),
    headers: z.optional(requestHeaders),
    onExists: z.optional(onExistsPolicy),
    /** Adds the URLs as one named group. */
    group: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(inputLimits.groupNameChars))),
    startPaused: z.optional(z.boolean()),
    /** The user chose to download again URLs already in the list. */
    allowDuplicates: z.optional(z.boolean()),
    /**
     * The same request made again (the CLI's `get` run a second time): a URL
     * already in the list is taken up with this call's headers, checksum and
     * on-exists policy instead of only being reported. A stopped download
     * (paused, failed, waiting) is queued again with a fresh set of retries; a
     * queued or running one goes on; a completed one whose file is still there
     * is kept (and checked against the checksum, when one is given); one whose
     * file is gone, or that was canceled, is added anew.
     */
    again: z.optional(z.boolean()),
  })
  .check(
    z.refine((input) => input.again !== true || (input.allowDuplicates !== true && input.group === undefined), {
      message: 'again takes up the downloads already in the list: it cannot be combined with allowDuplicates or a group',
      path: ['again'],
    }),
    z.refine((input) => input.fileName === undefined || input.urls.length === 1, { message: 'a file name can only be given for one URL', path: ['fileName'] }),
    z.refine((input) => input.checksum === undefined || input.urls.length === 1, { message: 'a checksum can only be given for one URL', path: ['checksum'] }),
  );
export type AddInput = z.infer<typeof addInput>;
