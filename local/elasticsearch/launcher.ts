/**
 * A real Elasticsearch for tests, `npm start`, the bench and eval, found in
 * this order:
 *   1. ELASTICSEARCH_URL (with ELASTICSEARCH_API_KEY or _USERNAME/_PASSWORD): that cluster.
 *   2. A Docker engine that answers: testcontainers' Elasticsearch module.
 *   3. The integ-test-zip distribution from Maven Central, fetched once with
 *      `mvn` into a git-ignored cache, started single-node on 127.0.0.1 on
 *      free ports with a small heap and security off. Elasticsearch refuses
 *      to run as root, so as root it runs as the unprivileged `nobody`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, chownSync, statSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import extractZip from 'extract-zip';

const run = promisify(execFile);

/** Newest 8.19.x on Maven Central; the client major (8.x) matches it. */
export const ELASTICSEARCH_VERSION = '8.19.21';
const ARTIFACT = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ELASTICSEARCH_VERSION}:zip`;
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningElasticsearch {
  url: string;
  source: 'external' | 'testcontainers' | 'local-distribution';
  username?: string;
  password?: string;
  apiKey?: string;
  /** Environment variables that point a process at this cluster. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** Keep data across starts under this name (npm start); default: a fresh directory removed on stop. */
  persistentData?: string;
  /** JVM heap, e.g. "512m". */
  heap?: string;
  log?: (message: string) => void;
}

export async function startElasticsearch(options: LaunchOptions = {}): Promise<RunningElasticsearch> {
  const log = options.log ?? (() => {});
  if (process.env.ELASTICSEARCH_URL) return useExternal(process.env.ELASTICSEARCH_URL, log);
  if (await dockerAnswers()) return startContainer(log);
  return startLocalDistribution(options, log);
}

async function useExternal(url: string, log: (message: string) => void): Promise<RunningElasticsearch> {
  const env: Record<string, string> = { ELASTICSEARCH_URL: url };
  for (const name of ['ELASTICSEARCH_API_KEY', 'ELASTICSEARCH_USERNAME', 'ELASTICSEARCH_PASSWORD']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  await waitForHealth(url, authHeader(env), 30_000, undefined);
  log(`using Elasticsearch at ${url} (ELASTICSEARCH_URL)`);
  return {
    url,
    source: 'external',
    ...(env.ELASTICSEARCH_USERNAME ? { username: env.ELASTICSEARCH_USERNAME, password: env.ELASTICSEARCH_PASSWORD ?? '' } : {}),
    ...(env.ELASTICSEARCH_API_KEY ? { apiKey: env.ELASTICSEARCH_API_KEY } : {}),
    env,
    stop: async () => {},
  };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainer(log: (message: string) => void): Promise<RunningElasticsearch> {
  const { ElasticsearchContainer } = await import('@testcontainers/elasticsearch');
  log(`starting Elasticsearch ${ELASTICSEARCH_VERSION} with testcontainers`);
  const container = await new ElasticsearchContainer(`docker.elastic.co/elasticsearch/elasticsearch:${ELASTICSEARCH_VERSION}`).start();
  const url = container.getHttpUrl();
  const env = { ELASTICSEARCH_URL: url, ELASTICSEARCH_USERNAME: container.getUsername(), ELASTICSEARCH_PASSWORD: container.getPassword() };
  return {
    url,
    source: 'testcontainers',
    username: env.ELASTICSEARCH_USERNAME,
    password: env.ELASTICSEARCH_PASSWORD,
    env,
    stop: async () => {
      await container.stop();
    },
  };
}

function authHeader(env: Record<string, string>): string | undefined {
  if (env.ELASTICSEARCH_API_KEY) return `ApiKey ${env.ELASTICSEARCH_API_KEY}`;
  if (env.ELASTICSEARCH_USERNAME) {
    return `Basic ${Buffer.from(`${env.ELASTICSEARCH_USERNAME}:${env.ELASTICSEARCH_PASSWORD ?? ''}`).toString('base64')}`;
  }
  return undefined;
}

/**
 * Two distinct free ports (HTTP and transport), held open together while
 * chosen so the OS cannot hand out the same one twice. Another process can
 * still take one before Elasticsearch binds it: the start is then retried.
 */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolveServer, reject) => {
          const server = createServer();
          server.unref();
          server.on('error', reject);
          server.listen(0, '127.0.0.1', () => resolveServer(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolveClose) => server.close(resolveClose))));
  return ports;
}

/** Whether `nobody` can reach `path`: every directory above it must be searchable by others. */
function reachableByOthers(path: string): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/**
 * Where this clone keeps its Elasticsearch (distribution and data): its own
 * .cache/, so clones never share a data path. As root, Elasticsearch runs as
 * `nobody`, which cannot enter a clone under a private directory (/root):
 * then a temp folder named after this clone's path serves instead.
 */
function elasticsearchRoot(asOtherUser: boolean): string {
  const inClone = process.env.ELASTICSEARCH_CACHE_DIR ?? join(PROJECT_ROOT, '.cache', 'elasticsearch');
  if (!asOtherUser || reachableByOthers(inClone)) return inClone;
  const clone = createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 12);
  return join(tmpdir(), `commerce-search-elasticsearch-${clone}`);
}

/** Elasticsearch refuses root: as root we run it as `nobody`, which must own its files. */
async function unprivilegedUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = Number((await run('id', ['-u', 'nobody'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'nobody'])).stdout.trim());
  return { uid, gid };
}

function chownTree(path: string, user: { uid: number; gid: number }): void {
  chownSync(path, user.uid, user.gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), user);
}

function javaHome(): string {
  const fromEnv = process.env.ES_JAVA_HOME ?? process.env.JAVA_HOME;
  if (fromEnv && existsSync(join(fromEnv, 'bin', 'java'))) return fromEnv;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const java = join(dir, 'java');
    if (existsSync(java)) return dirname(dirname(realpathSync(java)));
  }
  throw new Error('no Java found: install a JDK 17+ or set JAVA_HOME (Elasticsearch needs it)');
}

/** Downloads (once) and unpacks (once) the distribution; returns its home directory. */
export async function installDistribution(log: (message: string) => void, installRoot: string): Promise<string> {
  const cacheDir = process.env.ELASTICSEARCH_CACHE_DIR ?? join(PROJECT_ROOT, '.cache', 'elasticsearch');
  const zip = join(cacheDir, `elasticsearch-${ELASTICSEARCH_VERSION}.zip`);
  if (!existsSync(zip)) {
    log(`downloading Elasticsearch ${ELASTICSEARCH_VERSION} from Maven Central (once, ~100 MB) …`);
    mkdirSync(cacheDir, { recursive: true });
    await run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${cacheDir}`], {
      timeout: 15 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  const home = join(installRoot, `elasticsearch-${ELASTICSEARCH_VERSION}`);
  if (!existsSync(join(home, 'bin', 'elasticsearch'))) {
    log('unpacking Elasticsearch …');
    mkdirSync(installRoot, { recursive: true });
    rmSync(home, { recursive: true, force: true });
    await extractZip(zip, { dir: installRoot });
  }
  return home;
}

async function startLocalDistribution(options: LaunchOptions, log: (message: string) => void): Promise<RunningElasticsearch> {
  const user = await unprivilegedUser();
  const installRoot = elasticsearchRoot(user !== undefined);
  const home = await installDistribution(log, installRoot);
  const ephemeral = !options.persistentData;
  const dataDir = join(installRoot, options.persistentData ? `data-${options.persistentData}` : `run-${process.pid}-${Date.now()}`);
  const tmpDir = join(dataDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  if (user) {
    chownSync(installRoot, user.uid, user.gid);
    if (statSync(home).uid !== user.uid) chownTree(home, user);
    chownTree(dataDir, user);
  }
  const heap = options.heap ?? '512m';
  const logFile = join(dataDir, 'elasticsearch.stdout.log');
  for (let attempt = 1; ; attempt += 1) {
    const [httpPort = 0, transportPort = 0] = await freePorts(2);
    try {
      const node = await startNode({ home, dataDir, tmpDir, logFile, heap, httpPort, transportPort, user }, log);
      log(`Elasticsearch ready at ${node.url}`);
      return {
        url: node.url,
        source: 'local-distribution',
        env: { ELASTICSEARCH_URL: node.url },
        stop: async () => {
          await node.stop();
          if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // Another process took a port between our pick and Elasticsearch's bind: pick again.
      if (attempt < 4 && /Bind(Http|Transport)Exception|Address already in use/.test((error as Error).message)) {
        log(`port taken before Elasticsearch could bind it (attempt ${attempt}); retrying on other ports`);
        continue;
      }
      throw error;
    }
  }
}

export interface LocalNode {
  name: string;
  url: string;
  /** Stops this node (SIGTERM); the rest of the cluster carries on. */
  stop(): Promise<void>;
}

export interface LocalCluster extends RunningElasticsearch {
  nodes: LocalNode[];
}

/**
 * A real cluster of `count` local nodes (each master-eligible and a data
 * node, its own data directory and ports), for `npm run es -- --nodes 3` and
 * the tests that stop a node under load. ELASTICSEARCH_URL lists every node.
 */
export async function startLocalCluster(options: LaunchOptions & { nodes: number }): Promise<LocalCluster> {
  const log = options.log ?? (() => {});
  const user = await unprivilegedUser();
  const installRoot = elasticsearchRoot(user !== undefined);
  const home = await installDistribution(log, installRoot);
  const clusterDir = join(installRoot, options.persistentData ? `cluster-${options.persistentData}` : `cluster-${process.pid}-${Date.now()}`);
  const names = Array.from({ length: options.nodes }, (_, i) => `node-${i}`);
  if (user) {
    chownSync(installRoot, user.uid, user.gid);
    if (statSync(home).uid !== user.uid) chownTree(home, user);
  }
  for (let attempt = 1; ; attempt += 1) {
    const ports = await freePorts(options.nodes * 2);
    const transport = names.map((_, i) => `127.0.0.1:${ports[options.nodes + i]}`);
    const dirs = names.map((name) => {
      const dataDir = join(clusterDir, name);
      mkdirSync(join(dataDir, 'tmp'), { recursive: true });
      if (user) chownTree(clusterDir, user);
      return dataDir;
    });
    log(`starting a ${options.nodes}-node cluster …`);
    const started = await Promise.allSettled(
      names.map((nodeName, i) =>
        startNode(
          {
            home,
            dataDir: dirs[i] as string,
            tmpDir: join(dirs[i] as string, 'tmp'),
            logFile: join(dirs[i] as string, 'elasticsearch.stdout.log'),
            heap: options.heap ?? '512m',
            httpPort: ports[i] as number,
            transportPort: ports[options.nodes + i] as number,
            user,
            cluster: { nodeName, seedHosts: transport, initialMasters: names },
          },
          log,
        ),
      ),
    );
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) {
      await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
      const message = String((failure as PromiseRejectedResult).reason?.message ?? failure);
      if (attempt < 4 && /Bind(Http|Transport)Exception|Address already in use/.test(message)) {
        log(`a port was taken before Elasticsearch could bind it (attempt ${attempt}); retrying on other ports`);
        continue;
      }
      throw (failure as PromiseRejectedResult).reason;
    }
    const nodes = started.map((result, i) => {
      const node = (result as PromiseFulfilledResult<{ url: string; stop(): Promise<void> }>).value;
      return { name: names[i] as string, url: node.url, stop: () => node.stop() };
    });
    const urls = nodes.map((node) => node.url).join(',');
    log(`cluster of ${options.nodes} nodes ready at ${urls}`);
    return {
      url: urls,
      source: 'local-distribution',
      env: { ELASTICSEARCH_URL: urls },
      nodes,
      stop: async () => {
        await Promise.all(nodes.map((node) => node.stop()));
        if (!options.persistentData) rmSync(clusterDir, { recursive: true, force: true });
      },
    };
  }
}

interface NodeLaunch {
  home: string;
  dataDir: string;
  tmpDir: string;
  logFile: string;
  heap: string;
  httpPort: number;
  transportPort: number;
  user: { uid: number; gid: number } | undefined;
  /** Cluster settings; undefined: a single-node cluster. */
  cluster?: { nodeName: string; seedHosts: string[]; initialMasters: string[] };
}

/** Starts one node and waits until it is healthy; on failure the error carries the end of its log. */
async function startNode(launch: NodeLaunch, log: (message: string) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const { home, dataDir, tmpDir, logFile, heap, httpPort, transportPort, user, cluster } = launch;
  const settings = {
    ...(cluster
      ? {
          'node.name': cluster.nodeName,
          'discovery.seed_hosts': cluster.seedHosts.join(','),
          'cluster.initial_master_nodes': cluster.initialMasters.join(','),
        }
      : { 'discovery.type': 'single-node' }),
    'cluster.name': cluster ? 'commerce-search-local-cluster' : 'commerce-search-local',
    'network.host': '127.0.0.1',
    'http.port': String(httpPort),
    'transport.port': String(transportPort),
    'path.data': join(dataDir, 'data'),
    'path.logs': join(dataDir, 'logs'),
    'xpack.security.enabled': 'false',
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
  };
  log(`starting Elasticsearch ${ELASTICSEARCH_VERSION} (local distribution, heap ${heap}) on 127.0.0.1:${httpPort} …`);
  const child: ChildProcess = spawn(
    join(home, 'bin', 'elasticsearch'),
    Object.entries(settings).flatMap(([key, value]) => ['-E', `${key}=${value}`]),
    {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dataDir,
        ES_JAVA_HOME: javaHome(),
        ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}`,
        ES_TMPDIR: tmpDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    },
  );
  const output = createWriteStream(logFile);
  child.stdout?.pipe(output);
  child.stderr?.pipe(output);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitForHealth(url, undefined, 180_000, exited, cluster?.initialMasters.length);
  } catch (error) {
    child.kill('SIGKILL');
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
    throw new Error(`${(error as Error).message}\n--- last lines of ${logFile} ---\n${tail}`);
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
async function waitForHealth(
  url: string,
  authorization: string | undefined,
  timeoutMs: number,
  exited: Promise<number | null> | undefined,
  nodes?: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited?.then((code) => {
    exitCode = code;
  });
  let lastError = '';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`Elasticsearch exited with code ${exitCode} before it became healthy`);
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s${nodes ? `&wait_for_nodes=${nodes}` : ''}`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Elasticsearch at ${url} not healthy after ${timeoutMs / 1000} s (${lastError})`);
}
