/**
 * The two CloudFront setups of docs/deploy.md, as the search Lambda sees
 * them. With a custom domain on the HTTP API, CloudFront forwards the
 * viewer's Host and TENANT_HOSTS maps it. Without one, the origin gets its
 * own execute-api Host, and either CloudFront adds X-Tenant-Id (an origin
 * custom header) or a CloudFront Function copies the storefront's host into
 * X-Forwarded-Host, which TENANT_HOSTS maps the same way.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { httpEvent } from '../../support/artifact.js';

const EXECUTE_API_HOST = 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';

describe('tenant sources behind CloudFront', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    stack = await startSearchStack({
      tenants: { alpha: [product(1, { name: 'alpha sofa' })], beta: [product(2, { name: 'beta sofa' })] },
      env: { TENANT_HOSTS: JSON.stringify({ 'shop.example.com': 'alpha', 'kauppa.example.fi': 'beta' }) },
    });
  }, 60_000);
  afterAll(() => stack.close());

  const search = async (headers: Record<string, string>) => {
    const response = await stack.handler(httpEvent('GET', '/search?q=sofa', headers) as APIGatewayProxyEventV2);
    const body = response.body ? JSON.parse(response.body) : undefined;
    return { status: response.statusCode, names: (body?.hits ?? []).map((hit: { name: string }) => hit.name), vary: response.headers?.vary, code: body?.error?.code };
  };

  test('custom domain: the viewer Host, forwarded, names the tenant (a port is ignored)', async () => {
    expect(await search({ host: 'shop.example.com' })).toMatchObject({ status: 200, names: ['alpha sofa'] });
    expect(await search({ host: 'KAUPPA.example.fi:443' })).toMatchObject({ status: 200, names: ['beta sofa'] });
  });

  test("execute-api origin: X-Forwarded-Host from a CloudFront Function, or CloudFront's X-Tenant-Id", async () => {
    expect(await search({ host: EXECUTE_API_HOST, 'x-forwarded-host': 'kauppa.example.fi' })).toMatchObject({ status: 200, names: ['beta sofa'] });
    expect(await search({ host: EXECUTE_API_HOST, 'x-tenant-id': 'alpha' })).toMatchObject({ status: 200, names: ['alpha sofa'] });
  });

  test('X-Tenant-Id wins; an unmapped host names no tenant; Vary names every header that can select one', async () => {
    expect(await search({ host: 'shop.example.com', 'x-tenant-id': 'beta' })).toMatchObject({ names: ['beta sofa'] });
    expect(await search({ host: EXECUTE_API_HOST, 'x-forwarded-host': 'elsewhere.example.org' })).toMatchObject({ status: 400, code: 'missing_tenant' });
    expect((await search({ host: 'shop.example.com' })).vary).toBe('X-Tenant-Id, Host, X-Forwarded-Host');
  });
});
