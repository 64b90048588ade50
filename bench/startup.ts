// Start-up: from spawning `npm start` (which builds the page bundle first) to the
// first byte of GET /, polling loopback. The child is stopped by its own pid.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const POLL_EVERY = 20; // ms between attempts
const GIVE_UP = 30_000; // ms

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

function firstByte(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.once('data', () => resolve(true));
      res.once('end', () => resolve(true));
      res.resume();
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1_000, () => req.destroy());
  });
}

export const START_COMMANDS = {
  'npm start': ['npm', 'start', '--silent'], // builds the page bundle, then starts
  'server only': [process.execPath, '--import', 'tsx', 'bin/www.ts'], // bundle already built
} as const;

/** Milliseconds from spawning the command to the first byte served. */
export async function measureStartup(command: keyof typeof START_COMMANDS): Promise<number> {
  const [program, ...args] = START_COMMANDS[command];
  const port = await freePort();
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const started = performance.now();
  const proc = spawn(program, args, {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', STREAM_SOURCE: 'demo' },
    stdio: 'ignore',
    detached: true, // its own process group, so npm and the server it starts stop together
  });
  try {
    while (performance.now() - started < GIVE_UP) {
      if (await firstByte(port)) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY));
    }
    return Number.NaN;
  } finally {
    if (proc.pid) process.kill(-proc.pid, 'SIGTERM');
  }
}
