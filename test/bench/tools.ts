import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Tool {
  readonly command: string;
  readonly path: string;
  /** First line of its version output, for the report. */
  readonly version: string;
}

export interface ToolWanted {
  readonly command: string;
  /** Debian packages that provide it, tried in order. */
  readonly packages: readonly string[];
  readonly versionFlag: string;
}

/**
 * Finds each command, installing it from Debian when it is missing and we are
 * root (CI never runs the bench, so it never pays for these installs).
 * Missing tools come back undefined with a note printed.
 */
export async function findTools(wanted: readonly ToolWanted[], log: (line: string) => void): Promise<Map<string, Tool | undefined>> {
  const apt = new AptInstaller(log);
  const found = new Map<string, Tool | undefined>();
  for (const tool of wanted) {
    let where = await which(tool.command);
    if (where === undefined && (await apt.usable())) {
      for (const name of tool.packages) {
        if (await apt.install(name)) where = await which(tool.command);
        if (where !== undefined) break;
      }
    }
    if (where === undefined) {
      log(`bench: ${tool.command} not found and could not be installed (${tool.packages.join(' or ')}); skipping it`);
      found.set(tool.command, undefined);
    } else {
      found.set(tool.command, { command: tool.command, path: where, version: await versionOf(where, tool.versionFlag) });
    }
  }
  return found;
}

/** PATH plus the sbin folders where Debian puts nginx, which a non-root PATH may lack. */
export async function which(command: string): Promise<string | undefined> {
  const folders = [...(process.env['PATH'] ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const folder of folders.filter((entry) => entry !== '')) {
    const candidate = path.join(folder, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

async function versionOf(file: string, flag: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(file, [flag], { timeout: 10_000 });
    return firstLine(stdout) ?? firstLine(stderr) ?? 'unknown';
  } catch (error) {
    // Some tools print their version and still exit non-zero.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return firstLine(stdout ?? '') ?? firstLine(stderr ?? '') ?? 'unknown';
  }
}

function firstLine(text: string): string | undefined {
  return text.split('\n').find((line) => line.trim() !== '')?.trim();
}

class AptInstaller {
  private updated = false;
  private available: boolean | undefined;

  constructor(private readonly log: (line: string) => void) {}

  async usable(): Promise<boolean> {
    this.available ??= process.getuid?.() === 0 && (await which('apt-get')) !== undefined;
    return this.available;
  }

  /** apt-get install; on failure refreshes the package lists once and tries again. */
  async install(name: string): Promise<boolean> {
    this.log(`bench: installing ${name} with apt-get`);
    if (await this.aptGet(['install', '-y', '--no-install-recommends', name])) return true;
    if (this.updated) return false;
    this.updated = true;
    return (await this.aptGet(['update'])) && (await this.aptGet(['install', '-y', '--no-install-recommends', name]));
  }

  private async aptGet(args: readonly string[]): Promise<boolean> {
    try {
      await run('apt-get', [...args], {
        timeout: 600_000,
        maxBuffer: 64 << 20,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      return true;
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      this.log(`bench: apt-get ${args.join(' ')} failed: ${(stderr ?? String(error)).trim().split('\n').slice(-3).join(' | ')}`);
      return false;
    }
  }
}
