/**
 * Query suggestions learned from searches: nothing before traffic (catalog
 * names complete as before); after shoppers' searches and the indexer's
 * scheduled run, /suggest offers the popular queries that found products,
 * first, with the product class they lead to. Thresholds and the merchant's
 * block list hold.
 */
import type { Client } from '@elastic/elasticsearch';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';
import { recordedAnalytics } from '../../support/recorded-analytics.js';
import { SettingsStore } from '../../../admin/core/settings-store.js';

const catalog = [
  ...[1, 2, 3].map((i) => product(i, { name: `Oak chair ${i}`, productClass: ['Chairs'] })),
  product(4, { name: 'Oak table', productClass: ['Tables'] }),
  product(5, { name: 'Chaise lounge', productClass: ['Lounges'] }),
];

let stack: SearchStack;
let es: Client;

beforeAll(async () => {
  stack = await startSearchStack({ tenants: { demo: catalog }, env: { ANALYTICS_MAX_WAIT_MS: '0' } });
  es = stack.tenants.get('demo')!.es;
}, 120_000);
afterAll(() => stack?.close());

const queries = async (q: string) =>
  ((await stack.json(`/suggest?q=${encodeURIComponent(q)}`)).body.suggestions as Array<{ type: string; text: string; category?: string }>).filter((s) => s.type === 'query');

test('learned from searches after the indexer\'s run: popular queries with results, merged by reading, blocked words never', async () => {
  expect(await queries('cha')).toEqual([]);
  // Traffic: "chairs" and "Chair" read alike; "oak table" too rare; "zzqx" finds nothing; "cheap chair" blocked.
  const traffic = [...Array(4).fill('chairs'), ...Array(3).fill('Chair'), ...Array(5).fill('oak chair'), ...Array(2).fill('oak table'), ...Array(6).fill('zzqx'), ...Array(6).fill('cheap chair')];
  for (const q of traffic) await stack.json(`/search?q=${encodeURIComponent(q)}`);
  expect(await recordedAnalytics(es, stack.prefix, 'demo', 'searches', traffic.length)).toHaveLength(traffic.length);
  await new SettingsStore(es, stack.prefix).publish('demo', { synonyms: [], rules: [], suggestions: { blocked: ['cheap'] } }, 0, 'test');
  const report = await stack.tenants.get('demo')!.run('reconcile');
  expect(report.status).toBe('succeeded');

  const cha = await queries('cha');
  expect(cha).toEqual([{ type: 'query', text: 'chairs', category: 'Chairs' }]);
  expect(await queries('oak')).toEqual([{ type: 'query', text: 'oak chair', category: 'Chairs' }]);
  expect(await queries('zz')).toEqual([]);
  expect(await queries('chea')).toEqual([]);
  // InstantSearch's query-suggestions index, in Algolia Query Suggestions' record shape.
  const { body } = await stack.json('/1/indexes/*/queries', { body: { requests: [{ indexName: 'products_query_suggestions', params: 'query=cha&hitsPerPage=5' }, { indexName: 'products', params: 'query=chair&hitsPerPage=1' }] } });
  expect(body.results[0].hits).toEqual([
    expect.objectContaining({ query: 'chairs', popularity: 7, nb_words: 1, products: expect.objectContaining({ facets: expect.objectContaining({ exact_matches: { product_class: [expect.objectContaining({ value: 'Chairs' })] } }) }) }),
  ]);
  expect(body.results[0].hits[0]._highlightResult.query.value).toBe('<em>cha</em>irs');
  expect(body.results[1].hits[0].name).toMatch(/chair/i);
  // Catalog completions still follow.
  const all = (await stack.json('/suggest?q=cha')).body.suggestions as Array<{ type: string }>;
  expect(all[0]!.type).toBe('query');
  expect(all.some((s) => s.type === 'product')).toBe(true);
});
