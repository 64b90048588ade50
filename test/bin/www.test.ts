// bin/www.ts as a person runs it: a real process, real signals, real ports.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWww(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/www.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function freePort(): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, server };
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('bin/www', () => {
  it('exits 1 with one line when the port is in use', async () => {
    const { port, server } = await freePort();
    try {
      const run = startWww({ PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(`Port ${port} is already in use (127.0.0.1:${port}). Set PORT to another port.`);
    } finally {
      server.close();
    }
  });

  it('exits 1 with one line for a bad setting', async () => {
    const run = startWww({ STREAM_RATE: 'fast' });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe('Invalid setting STREAM_RATE: "fast" is not valid (Invalid input: expected number, received NaN)');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('serves the page, then shuts down cleanly on %s', async (signal) => {
    const { port, server } = await freePort();
    server.close();
    const run = startWww({ PORT: String(port) });
    await waitFor(() => run.output().includes('Stream Search is listening'));
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
  });
});
