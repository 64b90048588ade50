// Runs the real nginx (the Debian package) as a child, in a temporary directory, with the
// site file we ship (deploy/stream-search.nginx.conf) and a self-signed certificate. Only
// what must differ on a test machine is swapped in: the ports, the certificate, the
// nodes' addresses. Every swap must find its text in the shipped file, so a test can
// never run a config that has drifted away from it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './spawn-server.ts';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..', '..');
export const SITE_FILE = path.join(ROOT, 'deploy', 'stream-search.nginx.conf');

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];
export const nginxPath = CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
if (!nginxPath) {
  if (process.env.CI) throw new Error('nginx is required in CI: install the Debian package "nginx".');
  console.warn('Skipping nginx tests: no nginx found. Install it with: apt-get install -y nginx');
}

// The shipped file's placeholders, as written there
const SHIPPED = {
  cert: '/etc/letsencrypt/live/search.example.com/fullchain.pem',
  key: '/etc/letsencrypt/live/search.example.com/privkey.pem',
  nodes: '    server 127.0.0.1:3001;\n    server 127.0.0.1:3002;\n    server 127.0.0.1:3003;\n',
  redirect: 'return 301 https://$server_name$request_uri;',
};

export interface Certificate {
  cert: string;
  key: string;
}

export interface SiteOptions {
  certificate: Certificate;
  /** Omit to keep the shipped listen lines (80 and 443, IPv4 and IPv6): fine for `nginx -t`, which binds nothing. */
  ports?: { http: number; https: number };
  nodes?: string[]; // host:port of each node
}

/** The shipped site file with the test's values swapped in; throws if a swap finds nothing to replace. */
export function renderSite(shipped: string, { certificate, ports, nodes }: SiteOptions): string {
  const swaps: Array<[string, string]> = [
    [SHIPPED.cert, certificate.cert],
    [SHIPPED.key, certificate.key],
  ];
  if (nodes) swaps.push([SHIPPED.nodes, nodes.map((node) => `    server ${node};\n`).join('')]);
  if (ports) {
    swaps.push(
      ['    listen 80;\n', `    listen 127.0.0.1:${ports.http};\n`],
      ['    listen [::]:80;\n', ''],
      ['    listen 443 ssl;\n', `    listen 127.0.0.1:${ports.https} ssl;\n`],
      ['    listen [::]:443 ssl;\n', ''],
      [SHIPPED.redirect, SHIPPED.redirect.replace('$server_name', `$server_name:${ports.https}`)],
    );
  }
  let text = shipped;
  for (const [from, to] of swaps) {
    if (!text.includes(from)) throw new Error(`${SITE_FILE} no longer contains ${JSON.stringify(from)}`);
    text = text.split(from).join(to);
  }
  return text;
}

/** A self-signed certificate for localhost and 127.0.0.1, made with openssl in `dir`. */
export async function selfSignedCertificate(dir: string): Promise<Certificate> {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ]);
  return { cert, key };
}

/** The main nginx.conf around the site: every path nginx writes inside `dir`, nothing in /var. */
function mainConfig(dir: string, site: string): string {
  const at = (name: string) => path.join(dir, name);
  return [
    // As root, nginx's workers would run as nobody and could not write the temp dirs below
    process.getuid?.() === 0 ? 'user root;' : '',
    `pid ${at('nginx.pid')};`,
    `error_log ${at('error.log')} info;`,
    'worker_processes 1;',
    'events { worker_connections 512; }',
    'http {',
    `  access_log ${at('access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${at(`${kind}_temp`)};`),
    `  include ${site};`,
    '}',
    '',
  ].join('\n');
}

export interface NginxFiles {
  dir: string;
  config: string; // the main nginx.conf
  certificate: Certificate;
  remove(): Promise<void>;
}

/** Writes the main config, the rendered site and a certificate into a new temporary directory. */
export async function writeNginxFiles(options: Omit<SiteOptions, 'certificate'> = {}): Promise<NginxFiles> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stream-search-nginx-'));
  const certificate = await selfSignedCertificate(dir);
  const site = path.join(dir, 'stream-search.conf');
  await writeFile(site, renderSite(await readFile(SITE_FILE, 'utf8'), { ...options, certificate }));
  const config = path.join(dir, 'nginx.conf');
  await writeFile(config, mainConfig(dir, site));
  return { dir, config, certificate, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `nginx -t` on these files: resolves with its output, rejects with it when the config is refused. */
export async function checkNginx(files: NginxFiles): Promise<string> {
  const { stderr } = await run(nginxPath!, ['-t', '-p', files.dir, '-c', files.config, '-e', path.join(files.dir, 'error.log')]);
  return stderr;
}

export interface Nginx {
  httpUrl: string; // plain HTTP, which only redirects
  httpsUrl: string;
  httpsPort: number;
  /** Fast shutdown (SIGTERM to the master, which stops its workers); removes the files. */
  stop(): Promise<void>;
}

/** Starts nginx in front of `nodes` (host:port each) on free ports, and resolves once it accepts TLS connections. */
export async function startNginx(nodes: string[], ports?: { http: number; https: number }): Promise<Nginx> {
  const chosen = ports ?? { http: await freePort(), https: await freePort() };
  const files = await writeNginxFiles({ ports: chosen, nodes });
  const child: ChildProcess = spawn(
    nginxPath!,
    ['-p', files.dir, '-c', files.config, '-e', path.join(files.dir, 'error.log'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await files.remove();
  };
  try {
    await waitForPort(chosen.https, () => child.exitCode !== null);
  } catch (err) {
    const log = await readFile(path.join(files.dir, 'error.log'), 'utf8').catch(() => '');
    await stop();
    throw new Error(`${(err as Error).message}\n${stderr}\n${log}`);
  }
  return { httpUrl: `http://127.0.0.1:${chosen.http}`, httpsUrl: `https://127.0.0.1:${chosen.https}`, httpsPort: chosen.https, stop };
}

/** Tries to connect until the port accepts, or `gaveUp` says the process has gone. */
async function waitForPort(port: number, gaveUp: () => boolean, attempts = 400): Promise<void> {
  for (let attempt = 0; attempt < attempts && !gaveUp(); attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nginx did not listen on port ${port}`);
}
