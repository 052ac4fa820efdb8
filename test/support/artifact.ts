/**
 * Runs a packaged Lambda as Lambda would: the zip unpacked into an empty
 * folder (no node_modules beside or above it), its handler imported by a
 * fresh Node process whose environment holds only what the function's
 * configuration gives it, one invocation per event. Anything the bundle
 * left out fails here, as it would in production.
 *
 * What the Lambda Node.js runtime adds is LAMBDA_TASK_ROOT and the AWS SDK v3
 * (`@aws-sdk/*`, which serverless.yml leaves out of the bundle). A resolve
 * hook provides exactly that, from this repository's node_modules, and
 * nothing else.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { promisify } from 'node:util';
import extractZip from 'extract-zip';

const run = promisify(execFile);

/** Where the emulated runtime resolves `@aws-sdk/*` from: this repository (its node_modules hold SDK v3). */
const RUNTIME_SDK_FROM = resolve('package.json');

/** Imports the handler once (a cold start) and invokes it for each event in turn. */
const INVOKER = `
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
const [handlerFile, eventsFile, resultsFile, runtimeSdkFrom] = process.argv.slice(1);
const hook = 'export async function resolve(specifier, context, next) {' +
  '  return specifier.startsWith("@aws-sdk/") ? next(specifier, { ...context, parentURL: ' + JSON.stringify(pathToFileURL(runtimeSdkFrom).href) + ' }) : next(specifier, context);' +
  '}';
register('data:text/javascript,' + encodeURIComponent(hook));
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const { handler } = await import(pathToFileURL(handlerFile).href);
const results = [];
for (const event of events) {
  const end = Date.now() + 120000;
  const context = { awsRequestId: 'artifact-test', getRemainingTimeInMillis: () => end - Date.now() };
  try {
    results.push({ ok: await handler(event, context) });
  } catch (error) {
    results.push({ error: String(error && error.message || error) });
  }
}
writeFileSync(resultsFile, JSON.stringify(results));
`;

export interface Artifact {
  /** The folder the zip was unpacked into. */
  dir: string;
  /** Top-level entries of the unpacked zip. */
  entries: string[];
  invoke(handlerFile: string, env: Record<string, string>, events: unknown[]): Promise<Array<{ ok?: any; error?: string }>>;
  remove(): void;
}

/**
 * Nothing a bundle could resolve a package from, from `dir` up to the root: the bundle must stand alone.
 * A zip's own node_modules may hold plain files it serves (the admin page's charting library), never a
 * package (no package.json): those cannot be imported.
 */
function assertNothingToResolve(dir: string): void {
  const own = join(dir, 'node_modules');
  if (existsSync(own)) {
    const manifests = readdirSync(own, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('package.json'));
    if (manifests.length > 0) throw new Error(`the zip ships packages (${manifests.slice(0, 3).join(', ')}): the bundle must stand alone`);
  }
  for (let at = dirname(dir); ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules'))) throw new Error(`${join(at, 'node_modules')} exists: the artifact test needs an empty place to unpack into`);
    if (at === parse(at).root) return;
  }
}

export async function unpack(zipFile: string): Promise<Artifact> {
  const dir = mkdtempSync(join(tmpdir(), 'artifact-'));
  const scratch = mkdtempSync(join(tmpdir(), 'artifact-io-'));
  await extractZip(zipFile, { dir });
  assertNothingToResolve(dir);
  return {
    dir,
    entries: readdirSync(dir),
    async invoke(handlerFile, env, events) {
      const eventsFile = join(scratch, 'events.json');
      const resultsFile = join(scratch, 'results.json');
      writeFileSync(eventsFile, JSON.stringify(events));
      rmSync(resultsFile, { force: true });
      await run(process.execPath, ['--input-type=module', '-e', INVOKER, join(dir, handlerFile), eventsFile, resultsFile, RUNTIME_SDK_FROM], {
        cwd: env.LAMBDA_TASK_ROOT === '' ? scratch : dir,
        // What the Lambda runtime sets: the unpacked code's root (the indexer reads its .graphql and mapping files there).
        env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LAMBDA_TASK_ROOT: dir, AWS_REGION: 'eu-west-1', ...env },
        timeout: 240_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return JSON.parse(readFileSync(resultsFile, 'utf8')) as Array<{ ok?: any; error?: string }>;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** An API Gateway HTTP API (payload v2) event, as the search function receives it. */
export function httpEvent(method: string, pathAndQuery: string, headers: Record<string, string> = {}, body?: unknown): unknown {
  const [rawPath, rawQueryString = ''] = pathAndQuery.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: { http: { method, path: rawPath }, requestId: `artifact-${Math.random().toString(36).slice(2)}` },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  };
}
