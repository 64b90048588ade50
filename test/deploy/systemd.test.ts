// deploy/stream-search.service and deploy/stream-search@.service: systemd accepts them
// (systemd-analyze verify, where installed), they restart a failed node, give the app's
// own graceful shutdown time to finish, run unprivileged and hardened, and the template
// differs from the single unit only where it names the port. deploy/stream-search.env is
// a configuration the app accepts. SIGTERM's graceful shutdown itself is test/bin/www.test.ts's.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv, promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..', '..');
const SINGLE = path.join(ROOT, 'deploy', 'stream-search.service');
const TEMPLATE = path.join(ROOT, 'deploy', 'stream-search@.service');
const ENV_FILE = path.join(ROOT, 'deploy', 'stream-search.env');
const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((candidate) => existsSync(candidate)) ?? null;

type Unit = Record<string, Array<[string, string]>>; // section -> its settings, in order

/** Reads a unit file the way systemd does for these simple files: sections, `Key=value` lines, comments. */
async function readUnit(file: string): Promise<Unit> {
  const unit: Unit = {};
  let section = '';
  for (const raw of (await readFile(file, 'utf8')).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      unit[section] ??= [];
      continue;
    }
    const at = line.indexOf('=');
    unit[section]!.push([line.slice(0, at), line.slice(at + 1)]);
  }
  return unit;
}

function setting(unit: Unit, section: string, key: string): string | undefined {
  return unit[section]?.findLast(([name]) => name === key)?.[1];
}

/** systemd's time span in seconds: `15s`, `1min 30s`, or a bare number of seconds. */
function seconds(span: string): number {
  const units: Record<string, number> = { '': 1, s: 1, sec: 1, min: 60, m: 60, ms: 0.001 };
  return [...span.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]*)/g)].reduce((sum, [, value, unit]) => sum + Number(value) * units[unit!]!, 0);
}

/** bin/www.ts's SHUTDOWN_GRACE, in seconds, read from its source (importing it would start a server). */
async function shutdownGrace(): Promise<number> {
  const source = await readFile(path.join(ROOT, 'bin', 'www.ts'), 'utf8');
  const found = /const SHUTDOWN_GRACE = ([\d_]+);/.exec(source);
  if (!found) throw new Error('bin/www.ts no longer defines SHUTDOWN_GRACE');
  return Number(found[1]!.replaceAll('_', '')) / 1000;
}

describe.each([
  ['stream-search.service', SINGLE],
  ['stream-search@.service', TEMPLATE],
])('%s', (_name, file) => {
  it('restarts the node when it fails, not when it was stopped', async () => {
    expect(setting(await readUnit(file), 'Service', 'Restart')).toBe('on-failure');
  });

  it("stops with SIGTERM and waits longer than the app's own shutdown grace before SIGKILL", async () => {
    const unit = await readUnit(file);
    expect(setting(unit, 'Service', 'KillSignal')).toBe('SIGTERM');
    expect(seconds(setting(unit, 'Service', 'TimeoutStopSec')!)).toBeGreaterThan(await shutdownGrace());
  });

  it('runs bin/www.ts as a dedicated unprivileged user, with settings from an environment file', async () => {
    const unit = await readUnit(file);
    expect(setting(unit, 'Service', 'User')).toBe('stream-search');
    expect(setting(unit, 'Service', 'EnvironmentFile')).toBe('/etc/stream-search/stream-search.env');
    expect(setting(unit, 'Service', 'ExecStart')).toMatch(/\/usr\/bin\/node --import tsx bin\/www\.ts$/);
  });

  it('is hardened: no new privileges, no capabilities, a read-only system, private /tmp', async () => {
    const unit = await readUnit(file);
    expect({
      NoNewPrivileges: setting(unit, 'Service', 'NoNewPrivileges'),
      CapabilityBoundingSet: setting(unit, 'Service', 'CapabilityBoundingSet'),
      ProtectSystem: setting(unit, 'Service', 'ProtectSystem'),
      ProtectHome: setting(unit, 'Service', 'ProtectHome'),
      PrivateTmp: setting(unit, 'Service', 'PrivateTmp'),
    }).toEqual({ NoNewPrivileges: 'yes', CapabilityBoundingSet: '', ProtectSystem: 'strict', ProtectHome: 'yes', PrivateTmp: 'yes' });
  });
});

describe('stream-search@.service', () => {
  it('differs from stream-search.service only in its description and the port and node id it sets', async () => {
    const [single, template] = await Promise.all([readUnit(SINGLE), readUnit(TEMPLATE)]);
    const without = (unit: Unit, section: string, keys: string[]) => unit[section]!.filter(([key]) => !keys.includes(key));
    expect(without(template, 'Service', ['ExecStart'])).toEqual(without(single, 'Service', ['ExecStart']));
    expect(without(template, 'Unit', ['Description'])).toEqual(without(single, 'Unit', ['Description']));
    expect(template.Install).toEqual(single.Install);
    // Set on the command line, after the environment file, so a PORT there cannot put two nodes on one port
    expect(setting(template, 'Service', 'ExecStart')).toBe('/usr/bin/env PORT=%i NODE_ID=%H-%i /usr/bin/node --import tsx bin/www.ts');
  });
});

describe.skipIf(!analyze)('systemd-analyze verify', () => {
  it('accepts both units, an instance of the template included, without a warning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'stream-search-units-'));
    try {
      const instance = path.join(dir, 'stream-search@3001.service');
      await copyFile(TEMPLATE, instance);
      const { stdout, stderr } = await run(analyze!, ['verify', SINGLE, instance]);
      expect(stdout + stderr).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('stream-search.env', () => {
  it('is a configuration the app accepts, trusting only the local nginx and allowing the https origin', async () => {
    const config = loadConfig(parseEnv(await readFile(ENV_FILE, 'utf8')));
    expect(config.TRUST_PROXY).toEqual(['127.0.0.1']);
    expect(config.ALLOWED_ORIGINS).toEqual(['https://search.example.com']);
    expect(config.HOST).toBe('127.0.0.1');
  });
});
