/**
 * The local API's catalog answers pages from sorted views with running
 * counts (so paging a million products is cheap). Every page must equal what
 * a plain filter-sort-slice over the same products gives.
 */
import fc from 'fast-check';
import { Catalog, compareIds, type CatalogProduct, type ProductQuery } from '../../local/commerce-api/catalog.js';

function bruteForce(all: CatalogProduct[], q: ProductQuery): { total: number; items: string[] } {
  const since = q.modifiedSince ? new Date(Date.parse(q.modifiedSince)).toISOString() : undefined;
  const ids = q.ids ? new Set(q.ids) : undefined;
  const matching = all
    .filter((p) => (!q.activeOnly || p.active) && (since === undefined || p.dateModified >= since) && (!ids || ids.has(p.id)))
    .sort((a, b) =>
      q.orderBy === 'DATE_MODIFIED_ASC' ? Date.parse(a.dateModified) - Date.parse(b.dateModified) || compareIds(a.id, b.id) : compareIds(a.id, b.id),
    );
  return { total: matching.length, items: matching.slice(q.offset, q.offset + q.limit).map((p) => p.id) };
}

const product = (id: string, active: boolean) => ({
  id, sku: null, name: `p${id}`, description: null, price: null, currency: null,
  categoryPath: [], productClass: [], brand: null, imageUrl: null, attributes: [], active,
});

describe('local catalog paging', () => {
  it('equals a filter-sort-slice for every order, bound, active filter and id list, across changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.integer({ min: 0, max: 60 }).map(String), active: fc.boolean(), at: fc.integer({ min: 0, max: 8 }) }), { maxLength: 80 }),
        fc.array(
          fc.record({
            limit: fc.integer({ min: 0, max: 12 }),
            offset: fc.integer({ min: 0, max: 70 }),
            since: fc.option(fc.integer({ min: 0, max: 9 })),
            activeOnly: fc.boolean(),
            ids: fc.option(fc.array(fc.integer({ min: 0, max: 60 }).map(String), { maxLength: 10 })),
            orderBy: fc.constantFrom('ID_ASC' as const, 'DATE_MODIFIED_ASC' as const),
            removeFirst: fc.option(fc.integer({ min: 0, max: 60 }).map(String)),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (writes, queries) => {
          const catalog = new Catalog();
          const base = Date.parse('2026-01-01T00:00:00Z');
          for (const w of writes) catalog.upsert(product(w.id, w.active), base + w.at * 1000);
          for (const q of queries) {
            if (q.removeFirst !== null) catalog.remove(q.removeFirst);
            const query: ProductQuery = {
              limit: q.limit,
              offset: q.offset,
              modifiedSince: q.since === null ? null : new Date(base + q.since * 1000).toISOString(),
              activeOnly: q.activeOnly,
              ids: q.ids,
              orderBy: q.orderBy,
            };
            const got = catalog.query(query);
            expect({ total: got.total, items: got.items.map((p) => p.id) }).toEqual(bruteForce(catalog.all(), query));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
