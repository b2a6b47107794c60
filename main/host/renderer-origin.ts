/** Where the bundled renderer is served (app-protocol.ts), and the only origin IPC answers. */
export const rendererScheme = 'app';
export const rendererHost = 'renderer';
export const rendererEntryUrl = `${rendererScheme}://${rendererHost}/index.html`;

/** A frame the IPC binding answers: a main frame (no parent) showing our own renderer. */
export function isTrustedFrame(frame: { readonly url: string; readonly parent: unknown } | null | undefined): boolean {
  if (frame === null || frame === undefined || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${rendererScheme}:` && url.host === rendererHost;
  } catch {
    return false;
  }
}
