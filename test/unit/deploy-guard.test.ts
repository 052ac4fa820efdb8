/**
 * deploy/guard.cjs, the osls plugin: which URLs a deploy refuses, and the
 * search Lambda's timeout derived from SEARCH_TIMEOUT_MS.
 */
import { createRequire } from 'node:module';

const guard = createRequire(import.meta.url)('../../deploy/guard.cjs') as {
  refusedUrlReason(url: string): string | undefined;
  refusedUrls(variables: Record<string, string | undefined>): string[];
  searchLambdaTimeoutSeconds(ms: string | number): number;
  SEARCH_TIMEOUT_MARGIN_SECONDS: number;
};

test('loopback and placeholder URLs are refused; real cluster and load balancer URLs pass', () => {
  for (const url of ['http://127.0.0.1:9200', 'http://localhost:9200', 'http://[::1]:9200', 'http://0.0.0.0:9200', 'http://127.3.4.5', 'https://es.localhost', 'https://elasticsearch.internal.example:9200', 'http://internal-app.example.local', 'https://example.com', 'https://shop.test', 'https://x.invalid', 'not a url']) {
    expect([url, guard.refusedUrlReason(url)]).toEqual([url, expect.any(String)]);
  }
  for (const url of ['https://abc123.eu-west-1.aws.found.io:9243', 'https://vpc-search-abc.eu-west-1.es.amazonaws.com', 'http://internal-app-123.eu-west-1.elb.amazonaws.com', 'https://10.0.3.7:9200', 'https://examples.shop.fi']) {
    expect([url, guard.refusedUrlReason(url)]).toEqual([url, undefined]);
  }
});

test('every URL of a comma-separated list is checked, and each problem names its variable', () => {
  const problems = guard.refusedUrls({ ELASTICSEARCH_URL: 'https://node-1.prod.internal:9200, http://127.0.0.1:9201', APP_LOAD_BALANCER_URL: 'http://internal-app.eu-west-1.elb.amazonaws.com', EMPTY: '' });
  expect(problems).toEqual([expect.stringMatching(/^ELASTICSEARCH_URL=http:\/\/127\.0\.0\.1:9201 points at this machine/)]);
});

test('the search Lambda outlives its search budget by the margin, in whole seconds', () => {
  expect(guard.searchLambdaTimeoutSeconds('2500')).toBe(3 + guard.SEARCH_TIMEOUT_MARGIN_SECONDS);
  expect(guard.searchLambdaTimeoutSeconds(1000)).toBe(1 + guard.SEARCH_TIMEOUT_MARGIN_SECONDS);
  expect(() => guard.searchLambdaTimeoutSeconds('2.5s')).toThrow(/SEARCH_TIMEOUT_MS/);
});
