/** The CLI's exit codes; scripts rely on them (DESIGN.md, "The CLI contract"). */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** 128 + SIGINT, as shells report a Ctrl-C. */
  interrupted: 130,
  /** 128 + SIGPIPE: whoever read the output went away (`| head`); state saved as for Ctrl-C. */
  outputClosed: 141,
  /** 128 + SIGTERM: asked to stop (a service manager, `kill`); state saved as for Ctrl-C. */
  terminated: 143,
} as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
