/**
 * While `npm start` runs, it writes where its Elasticsearch and commerce API
 * are to .cache/local-stack.json, so `npm run reindex` works against the local
 * stack with no exports. Variables already set always win.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCAL_STACK_FILE = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), '.cache', 'local-stack.json');

export function loadLocalStackEnv(): void {
  if (!existsSync(LOCAL_STACK_FILE)) return;
  const values = JSON.parse(readFileSync(LOCAL_STACK_FILE, 'utf8')) as Record<string, string>;
  for (const [name, value] of Object.entries(values)) process.env[name] ??= value;
}

export function writeLocalStackEnv(values: Record<string, string>): void {
  mkdirSync(dirname(LOCAL_STACK_FILE), { recursive: true });
  writeFileSync(LOCAL_STACK_FILE, JSON.stringify(values, null, 2), { mode: 0o600 });
}

export function removeLocalStackEnv(): void {
  rmSync(LOCAL_STACK_FILE, { force: true });
}
