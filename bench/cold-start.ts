/**
 * Cold start: the search Lambda bundled as serverless.yml bundles it
 * (esbuild: bundle, minify, ESM, node22, AWS SDK external), zipped, and its
 * module initialisation timed in fresh `node` processes (median of many);
 * next to the same figures for a bundle of the bare @elastic/elasticsearch
 * client, which is what the search route avoids loading. A third figure is
 * the same search bundle reading its Elasticsearch key from SSM at cold start
 * (the AWS SDK's client, against the local Parameter Store stand-in): the
 * cost a deployment with ELASTICSEARCH_API_KEY_PARAMETER pays once per cold start.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { LocalSsm } from '../local/aws/ssm-server.js';

const run = promisify(execFile);

export interface BundleFigures {
  name: string;
  bundleBytes: number;
  zipBytes: number;
  /** Milliseconds of module initialisation (import of the bundle), over fresh processes. */
  initMedianMs: number;
  initP90Ms: number;
  runs: number;
}

// Keep in step with custom.esbuild in serverless.yml.
const LAMBDA_BUILD = {
  bundle: true,
  minify: true,
  platform: 'node' as const,
  format: 'esm' as const,
  target: 'node22',
  external: ['@aws-sdk/*'],
  keepNames: true,
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'silent' as const,
};

const INIT_TIMER = `const started = performance.now(); await import(process.argv[2]); console.log(performance.now() - started);`;

async function measure(name: string, entry: string, dir: string, runs: number, env: Record<string, string>): Promise<BundleFigures> {
  const file = name.replace(/[^a-z0-9]+/gi, '-');
  const out = join(dir, `${file}.mjs`);
  await build({ ...LAMBDA_BUILD, entryPoints: [entry], outfile: out, nodePaths: [join(process.cwd(), 'node_modules')] });
  const zip = join(dir, `${file}.zip`);
  await run('zip', ['-q', '-9', '-j', zip, out]);
  const timer = join(dir, 'init-timer.mjs');
  writeFileSync(timer, INIT_TIMER);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const { stdout } = await run(process.execPath, [timer, out], { env: { PATH: process.env.PATH ?? '', ...env } });
    times.push(Number(stdout.trim()));
  }
  times.sort((a, b) => a - b);
  return {
    name,
    bundleBytes: statSync(out).size,
    zipBytes: statSync(zip).size,
    initMedianMs: times[Math.floor(times.length / 2)] ?? 0,
    initP90Ms: times[Math.floor(times.length * 0.9)] ?? 0,
    runs,
  };
}

export async function measureColdStart(runs: number): Promise<{ search: BundleFigures; searchWithSsmKey: BundleFigures; bareClient: BundleFigures }> {
  // Inside the project, so the bundle finds the AWS SDK in node_modules as a Lambda finds the runtime's.
  mkdirSync(join(process.cwd(), '.cache'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), '.cache', 'cold-start-'));
  const ssm = new LocalSsm();
  try {
    await ssm.listen();
    ssm.parameters.set('/commerce-search/bench/search-key', 'bench-search-key');
    const bareEntry = join(dir, 'bare-client.ts');
    writeFileSync(bareEntry, "import { Client } from '@elastic/elasticsearch';\nexport const client = new Client({ node: 'http://127.0.0.1:9200' });\n");
    const env = { ELASTICSEARCH_URL: 'http://127.0.0.1:9200', SEARCH_TENANTS: 'demo' };
    const search = await measure('search', 'src/handlers/http.ts', dir, runs, env);
    const searchWithSsmKey = await measure('search, key read from SSM', 'src/handlers/http.ts', dir, runs, {
      ...env,
      ...ssm.env(),
      ELASTICSEARCH_API_KEY_PARAMETER: '/commerce-search/bench/search-key',
    });
    if (ssm.reads < runs) throw new Error(`the SSM key was read ${ssm.reads} times in ${runs} cold starts`);
    const bareClient = await measure('bare-elasticsearch-client', bareEntry, dir, runs, {});
    return { search, searchWithSsmKey, bareClient };
  } finally {
    await ssm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
