/**
 * The demo storefront in real Chromium (Debian's, driven by playwright-core)
 * against the real stack: InstantSearch.js widgets → our InstantSearch
 * endpoint → Elasticsearch filled by the real indexer from the local API.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadWandsProducts } from '../../local/commerce-api/seed.js';
import { finnishCatalog } from '../../local/commerce-api/nordic-catalogs.js';
import { chromiumPath, CHROMIUM_ARGS } from '../support/chromium.js';
import { startSearchStack, type SearchStack } from '../support/search-stack.js';
import { eventually } from '../support/eventually.js';

import { DATA_FILES } from '../../data/files.js';

const WANDS = DATA_FILES.sampleCatalog;
const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;

let stack: SearchStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const executablePath = chromiumPath();
  const languages = JSON.stringify({ kauppa: 'fi' });
  stack = await startSearchStack({
    tenants: { demo: loadWandsProducts(WANDS), kauppa: finnishCatalog() },
    storefront: true,
    // Analytics written after every response, so a click is in Elasticsearch when the test looks.
    env: { TENANT_LANGUAGES: languages, ANALYTICS_MAX_WAIT_MS: '0' },
    indexerEnv: { TENANT_LANGUAGES: languages },
  });
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${stack.url}/`);
  await page.locator('.card').first().waitFor();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const resultCount = async () => Number((await page.locator('#stats').innerText()).match(/[\d,]+/)?.[0]?.replace(/,/g, ''));
const cardNames = () => page.locator('.card .name').allInnerTexts();
const cardIds = () => page.locator('.card').evaluateAll((cards) => cards.map((card) => (card as HTMLElement).dataset.id ?? ''));

/** Runs `action` and waits until the InstantSearch call it causes has been answered and rendered. */
async function afterSearch(action: () => Promise<unknown>, requestMatches: (body: string) => boolean = () => true): Promise<void> {
  const answered = page.waitForResponse(
    (response) => response.url().includes('/1/indexes/') && response.request().method() === 'POST' && requestMatches(response.request().postData() ?? ''),
    { timeout: 15_000 },
  );
  await action();
  await answered;
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Replaces the query in one go (one search, no as-you-type intermediates) and waits for its results. */
async function search(text: string): Promise<void> {
  await afterSearch(
    () => page.locator('#searchbox input').fill(text),
    (body) => body.includes(`"query":"${text}"`) || body.includes(`query=${encodeURIComponent(text)}`),
  );
}

test('type a query with autocomplete, see highlighted hits', async () => {
  await page.locator('#searchbox input').pressSequentially('ottom', { delay: 40 });
  const suggestion = page.locator('#autocomplete li').first();
  await suggestion.waitFor();
  expect((await page.locator('#autocomplete li').allInnerTexts()).some((text) => /ottoman/i.test(text))).toBe(true);
  await page.keyboard.press('Escape');
  await search('velvet ottoman');
  const names = await cardNames();
  expect(names.length).toBeGreaterThan(0);
  // Ranking over filtering: the products with both words lead the page.
  expect(names.slice(0, 3).every((name) => /velvet/i.test(name) && /ottoman/i.test(name))).toBe(true);
  expect(await page.locator('.card .name mark').count()).toBeGreaterThan(0);
  expect(await page.locator('#status dd[data-field="documents"]').innerText()).toContain('6482 indexed');
});

test('click a facet: hits and counts change', async () => {
  await search('chair');
  const before = await resultCount();
  expect(before).toBeGreaterThan(50);
  const facet = page.locator('#classes .ais-RefinementList-item').first();
  const facetCount = Number(await facet.locator('.ais-RefinementList-count').innerText());
  await afterSearch(() => facet.locator('input[type=checkbox]').check());
  expect(await resultCount()).toBe(facetCount);
  expect(facetCount).toBeLessThan(before);
  expect(await eventually(() => page.locator('.ais-CurrentRefinements-item').count(), (n) => n === 1)).toBe(1);
  // Department counts follow the refinement (only the refined facet stays disjunctive).
  const departmentCounts = (await page.locator('#departments .ais-HierarchicalMenu-count').allInnerTexts()).map(Number);
  expect(departmentCounts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(facetCount * 2);
  await page.locator('#clear button').click();
  expect(await eventually(resultCount, (n) => n === before)).toBe(before);
});

test('page forward', async () => {
  await search('table');
  expect(await resultCount()).toBeGreaterThan(12);
  const first = await cardIds();
  await afterSearch(() => page.locator('.ais-Pagination-item--nextPage a').click());
  const selected = () => page.locator('.ais-Pagination-item--selected').innerText();
  expect((await eventually(selected, (text) => text.trim() === '2')).trim()).toBe('2');
  const second = await cardIds();
  expect(second).toHaveLength(12);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
});

test('a misspelled query offers a correction that searches for it', async () => {
  await search('ottomn');
  const link = page.locator('.dym a');
  await link.waitFor();
  expect(await link.innerText()).toBe('ottoman');
  await afterSearch(() => link.click());
  expect(await page.locator('#searchbox input').inputValue()).toBe('ottoman');
  expect(await resultCount()).toBeGreaterThan(10);
});

test('a product edited at the source shows up after the next incremental sync', async () => {
  const harness = stack.tenants.get('demo')!;
  await new Promise((r) => setTimeout(r, 5));
  const response = await fetch(`${harness.api.url}/admin/tenants/demo/products/13`, {
    method: 'PATCH',
    headers: { 'x-graphql-secret': harness.graphqlSecret, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'zanzibar tufted king bed' }),
  });
  expect(response.status).toBe(200);
  await search('zanzibar');
  expect(await page.locator('.empty').count()).toBe(1);

  const sync = await harness.run(); // what the scheduled sync does every minute
  expect(sync.status).toBe('succeeded');
  expect(sync.stats.documentsIndexed).toBeGreaterThanOrEqual(1);
  // New documents become searchable at the next refresh (1 s); don't race it, the client caches answers.
  await harness.es.indices.refresh({ index: harness.names.productsAlias });
  await search('zanzibar tufted');
  expect((await cardNames()).map((name) => name.toLowerCase())[0]).toBe('zanzibar tufted king bed');
  mkdirSync(ARTIFACTS, { recursive: true });
  await search('tufted ottoman'); // a query not asked before: the client answers repeats from its cache
  await page.screenshot({ path: `${ARTIFACTS}storefront.png` });
});

test('insights: true with the stock middleware: a click on a hit is an Insights event that refers to its search', async () => {
  // Every queryID the page's searches were answered with.
  const answeredIds = new Set<string>();
  const collect = async (response: { url(): string; json(): Promise<unknown> }) => {
    if (!response.url().includes('/1/indexes/')) return;
    const body = (await response.json().catch(() => ({}))) as { results?: Array<{ queryID?: string }> };
    for (const result of body.results ?? []) if (result.queryID) answeredIds.add(result.queryID);
  };
  page.on('response', collect);
  // A fresh page: InstantSearch answers a query it has seen from its own cache, without a request.
  await page.goto(`${stack.url}/`);
  await page.locator('.card').first().waitFor();
  const answered = page.waitForResponse((response) => response.url().includes('/1/indexes/') && (response.request().postData() ?? '').includes('"query":"ottoman"'), { timeout: 15_000 });
  await page.locator('#searchbox input').fill('ottoman');
  await answered;
  await page.keyboard.press('Escape'); // the autocomplete dropdown would cover the hits
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const clicked = (await cardIds())[1] as string;
  const sent = page.waitForRequest((request) => request.url().includes('/1/events') && (request.postData() ?? '').includes('"eventType":"click"'));
  await page.locator('.card').nth(1).click();
  const event = JSON.parse((await sent).postData() as string) as { events: Array<{ objectIDs: string[]; positions: number[]; queryID: string }> };
  page.off('response', collect);
  expect(event.events[0]).toMatchObject({ objectIDs: [clicked], positions: [2] });
  const queryID = event.events[0]!.queryID;
  expect(answeredIds.has(queryID)).toBe(true);
  // Recorded: the click (its shopper hashed) and the search it refers to.
  const es = stack.tenants.get('demo')!.es;
  const events = `${stack.prefix}-analytics-events-demo-*`;
  const recorded = await eventually(
    async () => {
      await es.indices.refresh({ index: events, allow_no_indices: true });
      return (await es.search({ index: events, allow_no_indices: true, ignore_unavailable: true, query: { term: { query_id: queryID! } } })).hits.hits;
    },
    (hits) => hits.some((hit) => (hit._source as { type: string }).type === 'click'),
    10_000,
  );
  expect(recorded.map((hit) => hit._source)).toContainEqual(expect.objectContaining({ type: 'click', object_ids: [clicked], positions: [2] }));
  const searches = `${stack.prefix}-analytics-searches-demo-*`;
  await es.indices.refresh({ index: searches });
  expect((await es.count({ index: searches, query: { term: { query_id: queryID! } } })).count).toBe(1);
});

test('?tenant=kauppa: the page speaks Finnish, and Finnish searches find what they mean', async () => {
  await page.goto(`${stack.url}/?tenant=kauppa`);
  await page.locator('.card').first().waitFor();
  expect(await page.locator('h3[data-word="department"]').textContent()).toBe('Osasto');
  expect(await page.locator('#searchbox input').getAttribute('placeholder')).toMatch(/^Hae /);
  await search('nahka sohvat');
  expect((await cardNames())[0]?.toLowerCase()).toContain('nahkasohva');
  await page.goto(`${stack.url}/`);
  await page.locator('.card').first().waitFor();
  expect(await page.locator('h3[data-word="department"]').textContent()).toBe('Department');
});
