/**
 * The admin page in real Chromium, served by the admin Lambda's own handler,
 * against the real stack: a merchant signs in with their tenant's key,
 * creates a pin, previews it, publishes it, sees it live on the storefront
 * (also in Chromium) within the settings cache's 30 s, and rolls it back.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { product } from '../support/indexer-harness.js';
import { chromiumPath, CHROMIUM_ARGS } from '../support/chromium.js';
import { startSearchStack, type SearchStack } from '../support/search-stack.js';
import { startAdminApi, type AdminApi } from '../support/admin-api.js';
import { eventually } from '../support/eventually.js';

const catalog = [
  ...[1, 2, 3, 4].map((i) => product(i, { name: `Velvet sofa ${i}`, brand: 'Acme', productClass: ['Sofas'], categoryPath: ['Furniture', 'Sofas'] })),
  product(20, { name: 'Brass floor lamp', brand: 'Acme', productClass: ['Lamps'], categoryPath: ['Lighting', 'Lamps'] }),
];

/** Live within the settings cache's refresh (30 s), with room for a slow machine. */
const LIVE_WITHIN_MS = 40_000;

let stack: SearchStack;
let admin: AdminApi;
let browser: Browser;
let adminPage: Page;
let storefront: Page;

beforeAll(async () => {
  // Analytics written after every response, so the reports see each search at once.
  stack = await startSearchStack({ tenants: { demo: catalog }, storefront: true, env: { ANALYTICS_MAX_WAIT_MS: '0' } });
  admin = await startAdminApi(stack.prefix, ['demo', 'other']);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  adminPage = await browser.newPage();
  storefront = await browser.newPage();
  for (const page of [adminPage, storefront]) {
    page.on('pageerror', (error) => {
      throw error;
    });
  }
  await storefront.goto(`${stack.url}/`);
  await storefront.locator('.card').first().waitFor();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await admin?.close();
  await stack?.close();
});

/** The storefront's first result for `text`, in a freshly loaded page (InstantSearch caches answers per page). */
async function storefrontFirst(text: string): Promise<string | undefined> {
  await storefront.goto(`${stack.url}/`);
  await storefront.locator('.card').first().waitFor();
  const answered = storefront.waitForResponse((response) => response.url().includes('/1/indexes/') && (response.request().postData() ?? '').includes(`"query":"${text}"`), { timeout: 15_000 });
  await storefront.locator('#searchbox input').fill(text);
  await answered;
  await storefront.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return storefront.locator('.card').first().getAttribute('data-id').then((id) => id ?? undefined);
}

/** Waits until the element's text matches. */
const showsText = (page: Page, selector: string, text: RegExp) => page.locator(selector).filter({ hasText: text }).waitFor({ timeout: 15_000 });

test('sign in, pin a product, preview it, publish it live on the storefront, roll it back', async () => {
  expect(await storefrontFirst('sofa')).not.toBe('20');

  await adminPage.goto(`${admin.url}/admin`);
  // Another tenant's key does not open this tenant's settings.
  await adminPage.locator('#tenant').fill('demo');
  await adminPage.locator('#key').fill(admin.keys.get('other') as string);
  await adminPage.locator('#signin').click();
  await showsText(adminPage, '#who', /Not signed in/);
  expect(await adminPage.locator('#editor').isHidden()).toBe(true);
  await adminPage.locator('#key').fill(admin.keys.get('demo') as string);
  await adminPage.locator('#signin').click();
  await adminPage.locator('#editor').waitFor();

  // A first version without the pin: a synonym group.
  await adminPage.locator('#synonyms').fill('sofa, couch');
  await adminPage.locator('#publish').click();
  await showsText(adminPage, '#status', /Published: version 1/);

  await adminPage.locator('#add-rule').click();
  const rule = adminPage.locator('.rule').last();
  await rule.locator('.rule-id').fill('lamp-on-sofas');
  await rule.locator('.rule-pattern').fill('sofa');
  await rule.locator('.rule-pins').fill('20@1');

  await adminPage.locator('#preview').click();
  const preview = adminPage.locator('.preview[data-query="sofa"]');
  await preview.waitFor();
  expect(await preview.locator('.draft li').first().getAttribute('data-id')).toBe('20');
  expect(await preview.locator('.draft li.entered').count()).toBe(1);
  expect(await preview.locator('.current li[data-id="20"]').count()).toBe(0);

  await adminPage.locator('#publish').click();
  await showsText(adminPage, '#status', /Published: version 2/);
  expect(await eventually(() => storefrontFirst('sofa'), (id) => id === '20', LIVE_WITHIN_MS)).toBe('20');

  await adminPage.locator('#versions .rollback[data-version="1"]').click();
  await showsText(adminPage, '#status', /Rolled back: version 3/);
  expect(await adminPage.locator('.rule').count()).toBe(0);
  expect(await adminPage.locator('#synonyms').inputValue()).toBe('sofa, couch');
  expect(await eventually(() => storefrontFirst('sofa'), (id) => id !== '20', LIVE_WITHIN_MS)).not.toBe('20');
}, 180_000);

test('search analytics on the page: tables as the reports API answers them, and a chart of searches per day', async () => {
  // A real event stream: searches through the route (a no-result one among them) and a click after one.
  for (const q of ['lamp', 'lamp', 'velvet sofa', 'qqzzx']) await stack.json(`/search?q=${encodeURIComponent(q)}`);
  const { body } = await stack.json('/1/indexes/*/queries', { body: { requests: [{ indexName: 'products', params: 'query=lamp&clickAnalytics=true' }] } });
  await stack.json('/1/events', { body: { events: [{ eventType: 'click', eventName: 'Clicked', index: 'products', userToken: 'u1', queryID: body.results[0].queryID, objectIDs: ['20'], positions: [1] }] } });
  const api = async (name: string) => (await admin.call('GET', `/admin/api/reports/${name}`, { tenant: 'demo' })).body.rows as Array<Record<string, unknown>>;
  // Recorded (written after each response; visible after Elasticsearch's refresh).
  expect(await eventually(async () => (await api('no-results')).length, (n) => n > 0, 15_000)).toBeGreaterThan(0);
  await eventually(async () => (await api('top-products')).length, (n) => n > 0, 15_000);

  await adminPage.reload();
  await adminPage.locator('#editor').waitFor();
  await adminPage.locator('#reports[data-loaded="true"]').waitFor();
  const cells = (id: string) => adminPage.locator(`#${id} tbody tr`).evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent)));
  const asText = (rows: Array<Record<string, unknown>>) => rows.map((row) => Object.values(row).map((v) => (v === null ? '' : String(v))));
  expect(await cells('report-top-queries')).toEqual(asText(await api('top-queries')));
  expect(await cells('report-no-results')).toEqual([['qqzzx', '1']]);
  expect(await cells('report-top-products')).toEqual(asText(await api('top-products')));
  const [overview] = await api('overview');
  expect(await adminPage.locator('#overview').textContent()).toContain(`${overview!.searches} searches`);
  // The chart: Chart.js, served by the admin function, drew the days; its points add up to the searches.
  const drawn = await adminPage.evaluate(() => {
    const chart = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: Array<{ data: number[] }> } } | undefined } }).Chart.getChart('searches-chart');
    return chart?.data.datasets[0]?.data.reduce((a, b) => a + b, 0);
  });
  expect(drawn).toBe(overview!.searches);
  // CSV export downloads the same report.
  const [download] = await Promise.all([adminPage.waitForEvent('download'), adminPage.locator('button.csv[data-report="no-results"]').click()]);
  const csv = await new Promise<string>((resolve, reject) => {
    download.createReadStream().then((stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    }, reject);
  });
  expect(csv.split('\r\n').slice(0, 2)).toEqual(['query,searches', 'qqzzx,1']);
}, 120_000);
