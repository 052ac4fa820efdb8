import { createHash } from 'node:crypto';
/**
 * What ships is what was tested. `serverless package` (osls, offline, no AWS
 * credentials) builds both Lambdas with serverless.yml's own esbuild options;
 * then each zip is unpacked into an empty folder, with nothing beside it, and
 * its handler invoked by a fresh Node process against the local stack: the
 * search function with API Gateway v2 events on every route for an English,
 * a Finnish and a Swedish tenant, the indexer for each scheduled mode. A
 * module the bundle left out fails here, not in production.
 *
 * The template carries least privilege: each function its own role, reading
 * only its own SSM parameter; the search function gets its key by reference
 * (the parameter's name), never a key in the template; /health is routed.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { finnishCatalog, swedishCatalog } from '../../../local/commerce-api/nordic-catalogs.js';
import { IndexerHarness, NO_DIFFERENCES, differencesFromSource, product, uniquePrefix } from '../../support/indexer-harness.js';
import { httpEvent, unpack, type Artifact } from '../../support/artifact.js';
import { recordExchange } from '../../support/openapi-contract.js';

const run = promisify(execFile);
const guard = createRequire(import.meta.url)('../../../deploy/guard.cjs') as { searchLambdaTimeoutSeconds(ms: number): number };

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }>; Conditions?: Record<string, unknown> };

const LANGUAGES = { shop: 'en', kauppa: 'fi', butik: 'sv' } as const;

async function packageInto(out: string, params: string[] = []): Promise<Template> {
  await run('npx', ['serverless', 'package', '--stage', 'ci', '--package', out, ...params.map((p) => `--param=${p}`)], {
    // The shell's ELASTICSEARCH_URL (the test cluster) must not leak into the template.
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}

let out: string;
let template: Template;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'package-'));
  template = await packageInto(out);
}, 260_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the packaged template: one role per function, each reading only its own parameter', () => {
  {
    const resources = template.Resources;
    const fn = (name: string) => Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties.Handler ?? '').includes(name));
    const search = fn('src/handlers/http');
    const indexer = fn('indexer/handlers/scheduled');
    expect(search?.Properties.Role).toEqual({ 'Fn::GetAtt': ['SearchRole', 'Arn'] });
    expect(indexer?.Properties.Role).toEqual({ 'Fn::GetAtt': ['IndexerRole', 'Arn'] });

    const searchEnv = search?.Properties.Environment.Variables as Record<string, unknown>;
    expect(searchEnv.ELASTICSEARCH_API_KEY_PARAMETER).toBe('/commerce-search/ci/search-key');
    expect(searchEnv).not.toHaveProperty('ELASTICSEARCH_API_KEY');
    expect(searchEnv).not.toHaveProperty('COMMERCE_SECRETS_PARAMETER');
    expect((indexer?.Properties.Environment.Variables as Record<string, unknown>).COMMERCE_SECRETS_PARAMETER).toBe('/commerce-search/ci/secrets');

    const statements = (role: string) =>
      (resources[role]?.Properties.Policies as Array<{ PolicyDocument: { Statement: Array<{ Action: string; Resource: unknown }> } }>).flatMap((p) => p.PolicyDocument.Statement);
    const parameterOf = (role: string) => JSON.stringify(statements(role).find((s) => s.Action === 'ssm:GetParameter')?.Resource);
    expect(parameterOf('SearchRole')).toContain(':parameter/commerce-search/ci/search-key');
    expect(parameterOf('SearchRole')).not.toContain('secrets');
    expect(parameterOf('IndexerRole')).toContain(':parameter/commerce-search/ci/secrets');
    for (const role of ['SearchRole', 'IndexerRole']) {
      expect(statements(role).map((s) => s.Action).sort()).toEqual(['kms:Decrypt', 'ssm:GetParameter']);
    }
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    expect(routes).toEqual(expect.arrayContaining(['GET /search', 'GET /suggest', 'GET /health', 'POST /1/indexes/{indexName}/queries']));
  }
});

test('the template never takes the shell\'s ELASTICSEARCH_URL, and the search timeout is derived from its budget', () => {
  expect(process.env.ELASTICSEARCH_URL).toBeTruthy(); // the test cluster's, set in this very process
  const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  for (const fn of functions) expect(fn.Properties.Environment.Variables.ELASTICSEARCH_URL).toBe('https://elasticsearch.internal.example:9200');
  const search = functions.find((r) => JSON.stringify(r.Properties.Handler).includes('src/handlers/http'));
  expect(search?.Properties.Environment.Variables.SEARCH_TIMEOUT_MS).toBe('2500');
  expect(search?.Properties.Timeout).toBe(guard.searchLambdaTimeoutSeconds(2500));
});

test('private subnets get a path to SSM: an interface endpoint with private DNS, on unless turned off', () => {
  expect(template.Conditions?.CreateSsmEndpoint).toEqual({ 'Fn::Equals': ['true', 'true'] });
  const endpoint = template.Resources.SsmEndpoint as unknown as { Type: string; Condition: string; Properties: Record<string, any> };
  expect(endpoint).toMatchObject({ Type: 'AWS::EC2::VPCEndpoint', Condition: 'CreateSsmEndpoint', Properties: { VpcEndpointType: 'Interface', PrivateDnsEnabled: true } });
  expect(JSON.stringify(endpoint.Properties.ServiceName)).toContain('.ssm');
  expect(endpoint.Properties.SubnetIds).toEqual({ 'Fn::Split': [',', 'subnet-00000000000000000,subnet-11111111111111111'] });
  const group = template.Resources.SsmEndpointSecurityGroup as unknown as { Condition: string; Properties: { SecurityGroupIngress: Array<Record<string, unknown>> } };
  expect(group.Condition).toBe('CreateSsmEndpoint');
  expect(group.Properties.SecurityGroupIngress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })]);
});

test('deploy refuses a loopback or placeholder URL before anything reaches AWS', async () => {
  const deploy = (params: string[]) =>
    run('npx', ['serverless', 'deploy', '--stage', 'ci', ...params.map((p) => `--param=${p}`)], {
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      timeout: 60_000,
    }).then(
      () => 'deployed',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  expect(await deploy([])).toMatch(/Refusing to deploy: ELASTICSEARCH_URL=https:\/\/elasticsearch\.internal\.example:9200 is a placeholder/);
  const loopback = await deploy(['elasticsearchUrl=http://127.0.0.1:9200', 'appLoadBalancerUrl=http://internal-app-1.eu-west-1.elb.amazonaws.com']);
  expect(loopback).toMatch(/Refusing to deploy: ELASTICSEARCH_URL=http:\/\/127\.0\.0\.1:9200 points at this machine/);
  expect(loopback).not.toMatch(/APP_LOAD_BALANCER_URL/);
}, 130_000);

describe('the packaged zips, run from an empty folder', () => {
  const prefix = uniquePrefix();
  const harnesses = new Map<string, IndexerHarness>();
  let indexer: Artifact;
  let search: Artifact;
  let admin: Artifact;
  const baseEnv = () => ({
    ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL as string,
    ...(process.env.ELASTICSEARCH_API_KEY ? { ELASTICSEARCH_API_KEY: process.env.ELASTICSEARCH_API_KEY } : {}),
    ...(process.env.ELASTICSEARCH_USERNAME ? { ELASTICSEARCH_USERNAME: process.env.ELASTICSEARCH_USERNAME, ELASTICSEARCH_PASSWORD: process.env.ELASTICSEARCH_PASSWORD ?? '' } : {}),
    INDEX_PREFIX: prefix,
    TENANT_LANGUAGES: JSON.stringify(LANGUAGES),
    LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });

  beforeAll(async () => {
    indexer = await unpack(join(out, 'indexer.zip'));
    search = await unpack(join(out, 'search.zip'));
    admin = await unpack(join(out, 'admin.zip'));
    const english = [
      product(1, { name: 'Harbor leather sofa', productClass: ['Sofas'] }),
      product(2, { name: 'Oak dining table', productClass: ['Dining Tables'], categoryPath: ['Furniture', 'Dining', 'Tables'] }),
      product(3, { name: 'Linen sofa cushion', productClass: ['Cushions'], categoryPath: ['Decor', 'Cushions'] }),
    ];
    const catalogs: Record<string, ReturnType<typeof finnishCatalog>> = { shop: english, kauppa: finnishCatalog(), butik: swedishCatalog() };
    for (const [tenant, products] of Object.entries(catalogs)) {
      harnesses.set(tenant, await new IndexerHarness({ tenant, prefix, products, pageSize: 100, env: { TENANT_LANGUAGES: JSON.stringify(LANGUAGES) } }).start());
    }
  }, 60_000);
  afterAll(async () => {
    indexer?.remove();
    search?.remove();
    admin?.remove();
    for (const h of harnesses.values()) await h.close();
  });

  test('the zips hold their bundle and the files it reads, and no node_modules but the admin page\'s charting library', () => {
    expect(search.entries.sort()).toEqual(['src']);
    expect(indexer.entries.sort()).toEqual(['indexer', 'mappings']);
    expect(admin.entries.sort()).toEqual(['admin', 'node_modules']);
  });

  test('admin.zip serves the admin page and, from the zip, its charting library', async () => {
    const results = await admin.invoke('admin/handlers/http.mjs', { ...baseEnv(), ADMIN_KEYS: '{}' }, [httpEvent('GET', '/admin', {}), httpEvent('GET', '/admin/assets/chart.js', {})]);
    expect(results.filter((r) => r.error)).toEqual([]);
    const [page, chart] = results.map((r) => r.ok as { statusCode: number; headers: Record<string, string>; body: string });
    expect([page!.statusCode, chart!.statusCode]).toEqual([200, 200]);
    expect(page!.body).toContain('<script src="/admin/assets/chart.js"></script>');
    expect(chart!.headers['content-type']).toMatch(/javascript/);
    expect(chart!.body).toMatch(/Chart\.js v4/);
  });


  test('indexer.zip runs every scheduled mode for an English, a Finnish and a Swedish tenant', async () => {
    for (const [tenant, h] of harnesses) {
      h.source.catalog.remove(h.source.catalog.all()[0]?.id as string);
      const env = {
        ...baseEnv(),
        COMMERCE_GRAPHQL_URL: h.config.commerce.endpoint,
        COMMERCE_GRAPHQL_SECRET: h.graphqlSecret,
        COMMERCE_TENANT_SECRETS: JSON.stringify({ [tenant]: h.tenantSecret }),
        COMMERCE_PAGE_SIZE: '100',
      };
      const results = await indexer.invoke('indexer/handlers/scheduled.mjs', env, [{ mode: 'scheduled' }, { mode: 'reconcile' }, { mode: 'full' }, { mode: 'status' }]);
      expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
      const [scheduled, reconcile, full, status] = results.map((r) => r.ok);
      for (const report of [scheduled, reconcile, full]) expect(report.reports).toEqual([expect.objectContaining({ tenant, status: 'succeeded' })]);
      expect(status.tenants).toEqual([expect.objectContaining({ tenant, alias: h.names.productsAlias })]);
      expect(await differencesFromSource(h)).toEqual(NO_DIFFERENCES);
    }
    // Run outside Lambda (no LAMBDA_TASK_ROOT), from any working folder, the bundle still finds the files it reads.
    const h = harnesses.get('shop') as IndexerHarness;
    const elsewhere = await indexer.invoke('indexer/handlers/scheduled.mjs', { ...baseEnv(), LAMBDA_TASK_ROOT: '', COMMERCE_GRAPHQL_URL: h.config.commerce.endpoint, COMMERCE_GRAPHQL_SECRET: h.graphqlSecret, COMMERCE_TENANT_SECRETS: JSON.stringify({ [h.tenant]: h.tenantSecret }) }, [{ mode: 'status' }]);
    expect(elsewhere[0]?.ok?.tenants).toEqual([expect.objectContaining({ tenant: h.tenant })]);
  }, 180_000);

  test('search.zip answers every route in English, Finnish and Swedish', async () => {
    const env = { ...baseEnv(), SEARCH_TENANTS: Object.keys(LANGUAGES).join(',') };
    const words = { shop: ['sofas', 'cushi'], kauppa: ['sohvat', 'sohv'], butik: ['soffor', 'soff'] } as const;
    const events = Object.entries(words).flatMap(([tenant, [word, prefixTyped]]) => {
      const headers = { 'x-tenant-id': tenant };
      return [
        httpEvent('GET', `/search?q=${encodeURIComponent(word)}`, headers),
        httpEvent('HEAD', `/search?q=${encodeURIComponent(word)}`, headers),
        httpEvent('GET', `/suggest?q=${encodeURIComponent(prefixTyped)}`, headers),
        httpEvent('GET', '/health', headers),
        httpEvent('POST', '/1/indexes/products/queries', { ...headers, 'content-type': 'application/json' }, { requests: [{ indexName: 'products', params: `query=${word}&facets=%5B%22brand%22%5D` }] }),
        httpEvent('OPTIONS', '/search', { ...headers, origin: 'https://shop.example', 'access-control-request-method': 'GET' }),
      ];
    });
    const results = await search.invoke('src/handlers/http.mjs', env, events);
    expect(results.filter((r) => r.error)).toEqual([]);
    const responses = results.map((r) => r.ok as { statusCode: number; body?: string; headers: Record<string, string> });
    events.forEach((event, i) => {
      const { rawPath, requestContext } = event as { rawPath: string; requestContext: { http: { method: string } } };
      const answer = responses[i] as (typeof responses)[number];
      recordExchange({ method: requestContext.http.method, path: rawPath, status: answer.statusCode, headers: answer.headers, body: answer.body });
    });
    Object.keys(words).forEach((tenant, t) => {
      const [get, head, suggest, health, queries, preflight] = responses.slice(t * 6, t * 6 + 6) as typeof responses;
      expect([get?.statusCode, head?.statusCode, suggest?.statusCode, health?.statusCode, queries?.statusCode, preflight?.statusCode]).toEqual([200, 200, 200, 200, 200, 204]);
      const hits = JSON.parse(get?.body ?? '{}').hits as Array<{ name: string }>;
      expect(hits.length).toBeGreaterThan(0);
      // The inflected query word met its base form through the tenant's stemmer (Swedish and Finnish: the bundled rules of common/text).
      expect(hits[0]?.name.toLowerCase()).toMatch({ shop: /sofa/, kauppa: /sohva/, butik: /soffa/ }[tenant] as RegExp);
      expect(JSON.parse(suggest?.body ?? '{}').suggestions?.length).toBeGreaterThan(0);
      expect(JSON.parse(queries?.body ?? '{}').results[0].nbHits).toBeGreaterThan(0);
    });
  }, 120_000);
  test('admin.zip checks keys, publishes a tenant\'s settings, and search.zip applies them', async () => {
    const key = 'adm_packaged-test-key';
    const sha256 = createHash('sha256').update(key).digest('hex');
    const env = { ...baseEnv(), ADMIN_KEYS: JSON.stringify({ shop: [{ label: 'ci', sha256 }] }) };
    const headers = { 'x-tenant-id': 'shop', authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const settings = { synonyms: [], rules: [{ id: 'hide-table', condition: { query: { anchoring: 'is', pattern: 'dining' } }, consequence: { hide: ['2'] } }] };
    const results = await admin.invoke('admin/handlers/http.mjs', env, [
      httpEvent('GET', '/admin/api/settings', { 'x-tenant-id': 'shop' }),
      httpEvent('GET', '/admin/api/settings', { ...headers, 'x-tenant-id': 'kauppa' }),
      httpEvent('PUT', '/admin/api/settings', headers, { version: 0, settings }),
    ]);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.map((r) => (r.ok as { statusCode: number }).statusCode)).toEqual([401, 403, 200]);
    const [answer] = await search.invoke('src/handlers/http.mjs', { ...baseEnv(), SEARCH_TENANTS: 'shop' }, [httpEvent('GET', '/search?q=dining', { 'x-tenant-id': 'shop' })]);
    const body = JSON.parse((answer?.ok as { body: string }).body) as { appliedRules: string[]; hits: Array<{ id: string }> };
    expect(body.appliedRules).toEqual(['hide-table']);
    expect(body.hits.map((hit) => hit.id)).not.toContain('2');
  }, 60_000);
});
