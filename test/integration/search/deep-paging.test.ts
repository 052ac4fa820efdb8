/**
 * Deep pages are slices of one fixed ranking: pages 1-50 of 20 and pages
 * 1-10 of 100 list the same products in the same order, with no repeats and
 * no gaps, on a catalog of 12,000 products whose words tie and differ in
 * every way (so the rescore window and the first pass both decide places).
 */
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

const ADJECTIVES = ['oak', 'walnut', 'velvet', 'linen', 'leather', 'modern', 'rustic', 'outdoor', 'small', 'large', 'round', 'square'];
const NOUNS = ['table', 'chair', 'sofa', 'lamp', 'rug', 'bed', 'desk', 'shelf'];

/** Deterministic words: each product a few of them, some twice, so BM25 and word counts vary. */
function catalog(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const a = ADJECTIVES[(i * 7) % ADJECTIVES.length] as string;
    const b = ADJECTIVES[(i * 11 + 3) % ADJECTIVES.length] as string;
    const noun = NOUNS[(i * 5) % NOUNS.length] as string;
    const repeat = i % 9 === 0 ? ` ${noun}` : '';
    return product(i + 1, { name: `${a} ${b} ${noun}${repeat} ${i}`, productClass: [`${noun}s`], categoryPath: ['Furniture', `${noun}s`] });
  });
}

describe('deep paging', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    stack = await startSearchStack({ tenants: { shop: catalog(12_000) } });
  }, 180_000);
  afterAll(() => stack.close());

  async function pages(q: string, size: number, count: number): Promise<{ ids: string[]; total: number }> {
    const ids: string[] = [];
    let total = 0;
    for (let page = 1; page <= count; page += 1) {
      const { status, body } = await stack.json(`/search?q=${encodeURIComponent(q)}&size=${size}&page=${page}`);
      expect(status).toBe(200);
      total = body.total;
      ids.push(...body.hits.map((hit: { id: string }) => hit.id));
    }
    return { ids, total };
  }

  test.each(['oak table', 'velvet sofa', 'outdoor'])('"%s": pages 1-50 of 20 equal pages 1-10 of 100, no repeats, no gaps', async (q) => {
    const small = await pages(q, 20, 50);
    const large = await pages(q, 100, 10);
    expect(small.total).toBeGreaterThan(1_000);
    expect(new Set(small.ids).size).toBe(small.ids.length); // no repeats
    expect(small.ids.length).toBe(1_000); // no gaps
    expect(small.ids).toEqual(large.ids); // one ranking, whatever the page size
  }, 120_000);
});
