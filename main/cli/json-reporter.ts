import { maskUrlPasswords } from '../../app/domain/secrets.js';
import { SpeedMeter } from '../../app/domain/speed-meter.js';
import type { DownloadReporter } from './download-reporter.js';
import { escapeUnprintable } from './terminal-text.js';

/** One JSON object per line on stdout, for scripts: started, progress, retry, warning, completed, failed, paused, canceled. */
export function createJsonReporter(write: (line: string) => void): DownloadReporter {
  const meters = new Map<number, SpeedMeter>();
  const emit = (event: Record<string, unknown>): void => write(`${escapeUnprintable(JSON.stringify(event))}\n`);
  return {
    started: (download, startBytes) => {
      meters.set(download.id, new SpeedMeter());
      emit({ event: 'started', id: download.id, url: maskUrlPasswords(download.url), file: download.fileName, totalBytes: download.totalBytes ?? null, startBytes });
    },
    tick: (running, now) => {
      for (const download of running) {
        const meter = meters.get(download.id);
        if (meter === undefined) continue;
        meter.sample(now, download.bytes);
        emit({
          event: 'progress',
          id: download.id,
          bytes: download.bytes,
          totalBytes: download.totalBytes ?? null,
          bytesPerSecond: Math.round(meter.bytesPerSecond()),
        });
      }
    },
    retrying: (download, error, delayMs) => emit({ event: 'retry', id: download.id, code: error.code, message: maskUrlPasswords(error.message), delayMs }),
    completed: (download, result) => {
      meters.delete(download.id);
      emit({ event: 'completed', id: download.id, url: maskUrlPasswords(download.url), file: result.filePath, bytes: result.bytes, ...(result.reason ? { reason: result.reason } : {}) });
    },
    failed: (download, error) => {
      meters.delete(download.id);
      emit({ event: 'failed', id: download.id, url: maskUrlPasswords(download.url), code: error.code, message: maskUrlPasswords(error.message) });
    },
    stopped: (download, how) => {
      meters.delete(download.id);
      emit({ event: how, id: download.id, url: maskUrlPasswords(download.url) });
    },
    warned: (download, message) => emit({ event: 'warning', id: download.id, url: maskUrlPasswords(download.url), message: maskUrlPasswords(message) }),
    stop: () => undefined,
  };
}
