/**
 * Products that share a query's words equally are many on a real catalog
 * ("furniture" is in the category of every sofa). Only the first pass's best
 * products are rescored with per-field BM25 (src/search/relevance.ts), so the
 * first pass itself must put the products that have the word in their name
 * ahead of those that have it only in their category, wherever they sit in
 * the index.
 */
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

// Every product: a sofa in Furniture > Living Room Furniture > Sofas.
const sofa = (n: number, name: string) => product(n, { name });

// Two thousand sofas with "furniture" only in their category, then five that have it in their name.
// The full reindex reads the catalog in id order, 1,000 a page with two pages in flight, so the five
// land after at least a thousand others: far beyond the rescore window.
const CATALOG = [
  ...Array.from({ length: 2_000 }, (_, i) => sofa(i + 1, `model ${i + 1} sofa`)),
  ...Array.from({ length: 5 }, (_, i) => sofa(2_001 + i, `compact furniture sofa ${i + 1}`)),
];
let stack: SearchStack;

beforeAll(async () => {
  stack = await startSearchStack({ tenants: { demo: CATALOG } });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

test('a word in the name ranks first among products that share the same words, wherever they are in the index', async () => {
  const { body } = await stack.json('/search?q=furniture&size=10');
  expect(body.total).toBe(2_005);
  expect(body.hits.slice(0, 5).map((hit: { id: string }) => hit.id).sort()).toEqual(['2001', '2002', '2003', '2004', '2005']);
});

test('the name bonus only orders equals: a product with more of the words still ranks higher', async () => {
  const { body } = await stack.json('/search?q=furniture%20model%201777&size=10');
  expect(body.hits[0].id).toBe('1777');
});
