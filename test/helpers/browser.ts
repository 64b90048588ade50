// Real Chromium for browser tests, through playwright-core. Locally, a machine
// without Chromium skips these tests with a message; CI always has it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

// The closed network here refuses Chromium's background connections, so turn them off.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumPath = CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;

if (!chromiumPath) {
  if (process.env.CI) throw new Error('Chromium is required in CI: install the Debian package "chromium".');
  console.warn('Skipping browser tests: no Chromium found. Install it with: apt-get install -y chromium');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, args: FLAGS });
}
