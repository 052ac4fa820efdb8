/**
 * Every search parameter of Algolia's reference is honoured or reported:
 * the list is read from the official client's own typings, so a parameter
 * the client gains and we do not list fails here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ALGOLIA_SEARCH_PARAMETERS, ignoredParameters, ignoredMessage } from '../../src/instantsearch/parameters.js';
import { compatibilityTable } from '../../src/instantsearch/compatibility-table.js';

/** The keys of a `type Name = { … };` block of the client's declarations. */
function typeKeys(declarations: string, name: string): string[] {
  const start = declarations.indexOf(`type ${name} = {`);
  if (start < 0) throw new Error(`the client's typings have no ${name}`);
  const end = declarations.indexOf('\n};', start);
  return [...declarations.slice(start, end).matchAll(/^ {4}([A-Za-z0-9_]+)\??:/gm)].map((m) => m[1] as string);
}

describe('Algolia search parameters', () => {
  const require = createRequire(import.meta.url);
  // The package's exports hide package.json: find its dist folder from its entry point.
  const entry = require.resolve('@algolia/client-search');
  const dist = entry.slice(0, entry.lastIndexOf(`${join('client-search', 'dist')}`) + join('client-search', 'dist').length);
  const declarations = readFileSync(join(dist, 'node.d.ts'), 'utf8');
  const reference = [...new Set(['SearchParamsQuery', 'BaseSearchParamsWithoutQuery', 'IndexSettingsAsSearchParams'].flatMap((name) => typeKeys(declarations, name)))];

  test('every parameter of the official client\'s SearchParamsObject is listed, with a support level', () => {
    expect(reference.length).toBeGreaterThan(70);
    expect(reference.filter((name) => !ALGOLIA_SEARCH_PARAMETERS.has(name))).toEqual([]);
  });

  test('the compatibility table in docs/ is the one the code generates (npm run docs:algolia)', () => {
    expect(readFileSync(new URL('../../docs/algolia-compatibility.md', import.meta.url), 'utf8')).toBe(compatibilityTable());
  });

  test('unsupported parameters are reported when used, not at their defaults; unknown names always', () => {
    expect(ignoredParameters({ query: 'sofa', tagFilters: '', aroundLatLngViaIP: false, enableABTest: true, hitsPerPage: 5 })).toEqual([]);
    expect(ignoredParameters({ tagFilters: ['sale'], aroundLatLng: '60.1, 24.9', madeUpParameter: 1, facets: ['brand'] })).toEqual(['aroundLatLng', 'madeUpParameter', 'tagFilters']);
    expect(ignoredMessage(['aroundLatLng'])).toMatch(/^Unsupported parameters ignored: aroundLatLng/);
    expect(ignoredMessage([])).toBeUndefined();
  });
});
