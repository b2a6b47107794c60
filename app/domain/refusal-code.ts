/**
 * Why a command was refused, from a closed set: clients say it in their own
 * words, and the service's English message goes along as the technical detail.
 * Sent over the wire and read by scripts: never renamed once released.
 */
export const refusalCodes = [
  /** The download is complete: pausing, resuming, retrying or canceling it means nothing. */
  'complete',
  /** The download was canceled: only adding it again downloads it. */
  'canceled',
  /** A failed download cannot be paused; it can be retried. */
  'failed',
  /** Another live Peregrine process runs the download and cannot be reached. */
  'running_elsewhere',
  /** The download changed state meanwhile; the command no longer applies. */
  'state_changed',
  /** Opening or showing files needs the desktop app. */
  'desktop_only',
  /** Only a finished download has a file to open. */
  'not_finished',
  /** Something other than the file Peregrine wrote stands under its name (a folder, a link, a file elsewhere). */
  'not_a_file',
  /** The system could not open the file. */
  'open_failed',
  /** A running, finished or canceled download keeps its address. */
  'address_kept',
  /** The new address does not serve the same file, or that cannot be told. */
  'address_not_same',
  /** The new address could not be reached to check it. */
  'address_unreachable',
  /** A call from outside the Peregrine window. */
  'foreign_caller',
  /** A request to the local server from another site, or under a name it does not answer to. */
  'foreign_origin',
  /** A request to the local server without the right access token. */
  'not_authorized',
] as const;

export type RefusalCode = (typeof refusalCodes)[number];
