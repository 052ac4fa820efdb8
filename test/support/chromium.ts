/**
 * Debian's Chromium for the end-to-end tests (no browser downloads). When it
 * is missing and we run as root (CI, fresh machines), it is installed with
 * apt-get, as the Elasticsearch zip is fetched with mvn; otherwise the test
 * fails with the command to run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium not found at ${path}: install it (sudo apt-get install chromium) or set CHROMIUM_PATH`);
  }
  process.stderr.write('[chromium] installing Debian chromium (once) …\n');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', timeout: 5 * 60_000 });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'ignore',
    timeout: 10 * 60_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(path)) throw new Error(`apt-get installed chromium but ${path} does not exist`);
  return path;
}
