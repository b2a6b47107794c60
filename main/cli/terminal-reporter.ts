import type cliProgress from 'cli-progress';
import { errorCodes } from '../../app/domain/error-codes.js';
import { formatBytes, formatDuration, formatSpeed } from '../../app/domain/units.js';
import { maskUrlPasswords } from '../../app/domain/secrets.js';
import { SpeedMeter } from '../../app/domain/speed-meter.js';
import type { Completion, DownloadReporter, RunningDownload } from './download-reporter.js';
import { printable } from './terminal-text.js';

export interface TerminalOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Live bars go to stderr, and only when it is a terminal. */
  readonly stderr: NodeJS.WriteStream | undefined;
  readonly quiet: boolean;
}

interface Row {
  readonly bar: cliProgress.SingleBar;
  readonly meter: SpeedMeter;
}

const maxNameLength = 32;

/**
 * Live bars (bytes, speed, ETA) on a terminal; plain result lines otherwise.
 * The bars' library loads only for a terminal: a script's, a pipe's or a -q
 * run starts without compiling it (a seventh of the code `get` loads before
 * its request).
 */
export async function createTerminalReporter(output: TerminalOutput): Promise<DownloadReporter> {
  const live = !output.quiet && output.stderr?.isTTY === true;
  const cliProgress = live ? (await import('cli-progress')).default : undefined;
  const bars = cliProgress
    ? new cliProgress.MultiBar(
        {
          stream: output.stderr,
          format: ' {bar} {percent} | {name} | {done} of {size} | {speed} | ETA {remaining}',
          hideCursor: true,
          barsize: 24,
          fps: 5,
          autopadding: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const rows = new Map<number, Row>();
  // Lines written while bars are drawn must go through the bars, or they get overdrawn.
  // Lines quote URLs and server messages: a URL's password is never printed.
  const print = (text: string, toErr: boolean): void => {
    const line = printable(maskUrlPasswords(text));
    if (bars) bars.log(`${line}\n`);
    else (toErr ? output.err : output.out)(`${line}\n`);
  };
  const removeRow = (id: number): void => {
    const row = rows.get(id);
    if (row && bars) bars.remove(row.bar);
    rows.delete(id);
  };
  return {
    started: (download, startBytes) => {
      if (!bars || rows.has(download.id)) return;
      rows.set(download.id, { bar: bars.create(download.totalBytes ?? 0, startBytes, payloadFor(download, 0)), meter: new SpeedMeter() });
    },
    tick: (running, now) => {
      for (const download of running) {
        const row = rows.get(download.id);
        if (!row) continue;
        row.meter.sample(now, download.bytes);
        row.bar.setTotal(download.totalBytes ?? 0);
        row.bar.update(download.bytes, payloadFor(download, row.meter.bytesPerSecond()));
      }
    },
    retrying: (download, error, delayMs) => {
      if (!output.quiet) print(`retrying ${download.url} in ${formatDuration(delayMs / 1000)}: ${error.message}`, true);
    },
    completed: (download, result) => {
      if (!output.quiet) print(completedLine(result), false);
      removeRow(download.id);
    },
    failed: (download, error) => {
      print(`peregrine: ${download.url}: ${error.message}`, true);
      removeRow(download.id);
    },
    stopped: (download, how) => {
      print(`peregrine: ${download.url}: ${how} from elsewhere (another command or the app)${how === 'paused' ? '; run this command again to resume' : ''}`, true);
      removeRow(download.id);
    },
    warned: (download, message) => {
      print(`peregrine: warning: ${download.url}: ${message}`, true);
    },
    stop: () => {
      // A redraw flushes lines logged since the last one.
      bars?.update();
      bars?.stop();
    },
  };
}

function completedLine(result: Completion): string {
  if (result.reason === 'already_exists') return `kept ${result.filePath}: ${errorCodes.already_exists.summary}`;
  return `saved ${result.filePath} (${formatBytes(result.bytes)})`;
}

function payloadFor(download: RunningDownload, bytesPerSecond: number): Record<string, string> {
  const total = download.totalBytes;
  const remaining = total !== undefined && bytesPerSecond > 0 ? (total - download.bytes) / bytesPerSecond : Number.NaN;
  const name = printable(download.fileName ?? maskUrlPasswords(download.url));
  return {
    name: name.length > maxNameLength ? `${name.slice(0, maxNameLength - 1)}…` : name.padEnd(maxNameLength),
    percent: total ? `${Math.floor((download.bytes / total) * 100)}%`.padStart(4) : '  ? ',
    done: formatBytes(download.bytes),
    size: total !== undefined ? formatBytes(total) : '?',
    speed: formatSpeed(bytesPerSecond),
    remaining: formatDuration(remaining),
  };
}
