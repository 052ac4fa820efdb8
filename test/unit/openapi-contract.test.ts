/**
 * The contract checker itself: docs/openapi.yaml is valid OpenAPI 3.1, and
 * the checker catches what it is there to catch (an undocumented field, path,
 * status or header, a missing required header), so its silence in the rest
 * of the suite means something.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parse } from 'yaml';
import { OPENAPI_FILE, OpenApiContract, type Exchange } from '../support/openapi-contract.js';

const contract = new OpenApiContract();
const errorBody = (code: string) => JSON.stringify({ error: { code, message: 'm', requestId: 'r' } });
const base = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r', vary: 'X-Tenant-Id', 'access-control-allow-origin': '*' };
const suggest: Exchange = {
  method: 'GET',
  path: '/suggest',
  status: 200,
  headers: { ...base, 'cache-control': 'public, max-age=0, s-maxage=60, stale-while-revalidate=300', etag: 'W/"abc"' },
  body: JSON.stringify({ query: 'so', suggestions: [{ type: 'product', text: 'Sofa', id: '1' }], categories: [], elasticsearchTimeMs: 1 }),
};

test('docs/openapi.yaml is a valid OpenAPI 3.1 document', async () => {
  const result = await new Validator().validate(parse(readFileSync(OPENAPI_FILE, 'utf8')));
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(contract.document.openapi).toBe('3.1.0');
});

test('a conforming exchange passes', () => {
  expect(contract.violations(suggest)).toEqual([]);
  expect(contract.violations({ ...suggest, method: 'HEAD', body: '' })).toEqual([]);
  expect(contract.violations({ method: 'GET', path: '/nope', status: 404, headers: { ...base, 'cache-control': 'no-store' }, body: errorBody('not_found') })).toEqual([]);
});

test('what the checker catches', () => {
  const body = JSON.parse(suggest.body as string);
  expect(contract.violations({ ...suggest, body: JSON.stringify({ ...body, secret: 1 }) })).toEqual([expect.stringMatching(/must NOT have additional properties "secret"/)]);
  expect(contract.violations({ ...suggest, headers: { ...suggest.headers, 'x-powered-by': 'us' } })).toEqual([expect.stringMatching(/header x-powered-by is not documented/)]);
  expect(contract.violations({ ...suggest, headers: { ...suggest.headers, etag: undefined } })).toEqual([expect.stringMatching(/required header ETag is missing/)]);
  expect(contract.violations({ ...suggest, status: 418 })).toEqual([expect.stringMatching(/status 418 is not documented/)]);
  expect(contract.violations({ ...suggest, path: '/undocumented' })).toEqual([expect.stringMatching(/path is not documented/)]);
  expect(contract.violations({ ...suggest, method: 'DELETE' })).toEqual([expect.stringMatching(/documented 405/)]);
  expect(contract.violations({ ...suggest, status: 503, headers: { ...base, 'cache-control': 'no-store' }, body: errorBody('unavailable') })).toEqual([
    expect.stringMatching(/required header Retry-After is missing/),
  ]);
  expect(contract.violations({ ...suggest, status: 400, headers: { ...base, 'cache-control': 'no-store' }, body: errorBody('teapot') })).toEqual([
    expect.stringMatching(/code must be equal to one of the allowed values/),
  ]);
});
