import type { HostAbilities } from '../../../app/ui/task-actions.js';

/**
 * What differs between the desktop app and a browser tab, behind one
 * interface: components ask what the host can do instead of guessing.
 */
export interface HostServices extends HostAbilities {
  /** A folder chosen in the system dialog; null when cancelled or when the host has no dialog (type the path instead). */
  readonly pickFolder: (() => Promise<string | null>) | null;
  /** The clipboard's text; rejects when the host refuses (a browser may ask the user first). */
  readonly readClipboard: () => Promise<string>;
  readonly writeClipboard: (text: string) => Promise<void>;
  /** Starts dragging a finished file out of the window (the desktop app's own drag); null in a browser tab. */
  readonly startFileDrag: ((taskId: number) => void) | null;
  /** Where the server that served this page hands out a finished file, for a browser's drag out (DownloadURL); null in the desktop app. */
  readonly fileUrl: ((taskId: number) => string) | null;
}

/** What the Electron preload may add on window.peregrine.host. */
export interface HostBridge {
  pickFolder(): Promise<string | null>;
  startFileDrag(taskId: number): void;
}

export function hostServices(bridge: HostBridge | undefined): HostServices {
  return {
    // Only the desktop app opens a file or its folder; the service refuses it to a browser tab.
    opensFiles: bridge !== undefined,
    pickFolder: bridge === undefined ? null : () => bridge.pickFolder(),
    // A page the browser does not trust (plain http from another machine) has no navigator.clipboard: a rejection, as a refusal would be.
    readClipboard: async () => clipboard().readText(),
    writeClipboard: async (text) => clipboard().writeText(text),
    startFileDrag: bridge === undefined ? null : (taskId) => bridge.startFileDrag(taskId),
    fileUrl: bridge === undefined ? (taskId) => new URL(`/api/downloads/${taskId}/file`, location.href).href : null,
  };
}

function clipboard(): Clipboard {
  // Absent outside a secure context, whatever lib.dom says.
  const found = navigator.clipboard as Clipboard | undefined;
  if (found === undefined) throw new Error('the browser offers no clipboard to this page');
  return found;
}
