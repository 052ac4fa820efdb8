/**
 * Our InstantSearch results type-check against the official client's own
 * response typings (`npm test` runs tsc over the tests first): a field of
 * the wrong type or shape fails the build, not a storefront.
 */
import type { SearchForFacetValuesResponse, SearchResponse } from 'algoliasearch';
import type { algoliaResultBody, toFacetSearchResult } from '../../src/instantsearch/response.js';

type Ours = ReturnType<typeof algoliaResultBody>;

/** Compiles only when `Actual` is assignable to `Expected`. */
function conforms<Expected>() {
  return <Actual extends Expected>(): Actual | undefined => undefined;
}

test('our results are assignable to algoliasearch\'s SearchResponse and SearchForFacetValuesResponse (checked by tsc)', () => {
  expect(conforms<SearchResponse<Ours['hits'][number]>>()<Ours>()).toBeUndefined();
  expect(conforms<SearchForFacetValuesResponse>()<ReturnType<typeof toFacetSearchResult>>()).toBeUndefined();
});
