import { compileRules, merchandise as applyRules } from '../../src/merchandising/rules.js';
import { placePins } from '../../src/merchandising/pins.js';
import { chosenFromClauses, chosenFromSearchFilters } from '../../src/merchandising/chosen-filters.js';
import type { Language } from '../../common/text/languages.js';
import { validateSettings, SettingsValidationError, type MerchandisingSettings } from '../../common/contract/merchandising.js';

/** The rules compiled as the settings cache compiles them, then applied to one query. */
const merchandise = (settings: MerchandisingSettings, query: string, language: Language, now?: number) => applyRules(compileRules(settings, language), query, language, now === undefined ? {} : { now });

const rule = (id: string, anchoring: 'is' | 'contains' | 'startsWith', pattern: string, consequence: MerchandisingSettings['rules'][number]['consequence'] = { hide: ['x'] }) => ({ id, condition: { query: { anchoring, pattern } }, consequence });

describe('which rules fire', () => {
  test('patterns are read like queries: inflections, accents and case meet, in the tenant\'s language', () => {
    const en = { synonyms: [], rules: [rule('is', 'is', 'Sofa'), rule('contains', 'contains', 'leather sofa'), rule('starts', 'startsWith', 'outdoor')] };
    expect(merchandise(en, 'sofas', 'en').appliedRules).toEqual(['is']);
    expect(merchandise(en, 'brown leather sofas', 'en').appliedRules).toEqual(['contains']);
    expect(merchandise(en, 'outdoor dining sets', 'en').appliedRules).toEqual(['starts']);
    expect(merchandise(en, 'leather chair sofa', 'en').appliedRules).toEqual([]); // "contains" means the words together
    const fi = { synonyms: [], rules: [rule('fi', 'is', 'pöytä')] };
    expect(merchandise(fi, 'pöydät', 'fi').appliedRules).toEqual(['fi']);
    expect(merchandise(fi, 'poyta', 'fi').appliedRules).toEqual(['fi']);
    const sv = { synonyms: [], rules: [rule('sv', 'is', 'soffa')] };
    expect(merchandise(sv, 'soffor', 'sv').appliedRules).toEqual(['sv']);
  });

  test('disabled rules and rules outside their dates do not fire; a rule without a query fires for every query', () => {
    const settings = {
      synonyms: [],
      rules: [
        { ...rule('off', 'is', 'sofa'), enabled: false },
        { id: 'later', condition: { query: { anchoring: 'is' as const, pattern: 'sofa' }, from: '2030-01-01T00:00:00Z' }, consequence: { hide: ['1'] } },
        { id: 'campaign', condition: { from: '2020-01-01T00:00:00Z', until: '2030-01-01T00:00:00Z' }, consequence: { userData: { banner: 'x' } } },
      ],
    };
    expect(merchandise(settings, 'sofa', 'en', Date.parse('2026-12-05T00:00:00Z')).appliedRules).toEqual(['campaign']);
    expect(merchandise(settings, 'sofa', 'en', Date.parse('2031-01-01T00:00:00Z')).appliedRules).toEqual(['later']);
  });

  test('consequences compose: the first rule to pin a position or product wins, hiding beats pinning', () => {
    const settings = {
      synonyms: [],
      rules: [
        rule('a', 'contains', 'sofa', { pin: [{ productId: 'p1', position: 1 }, { productId: 'p2', position: 3 }], redirect: 'https://a.example/' }),
        rule('b', 'contains', 'sofa', { pin: [{ productId: 'p3', position: 1 }, { productId: 'p1', position: 5 }], hide: ['p2'], userData: { n: 1 } }),
      ],
    };
    const m = merchandise(settings, 'sofa', 'en');
    expect(m.pins).toEqual([{ productId: 'p1', position: 1 }]);
    expect(m.hidden).toEqual(['p2']);
    expect(m.redirect).toBe('https://a.example/');
    expect(m.userData).toEqual([{ n: 1 }]);
  });
});

describe('rules on the filters the shopper chose', () => {
  const settings = {
    synonyms: [],
    rules: [
      { id: 'sofas', condition: { filters: [{ field: 'category' as const, value: 'Sofas' }] }, consequence: { facets: { order: ['brand'] } } },
      { id: 'acme-sofas', condition: { query: { anchoring: 'contains' as const, pattern: 'sofa' }, filters: [{ field: 'category' as const, value: 'Sofas' }, { field: 'brand' as const, value: 'Acme' }] }, consequence: { hide: ['x'] } },
    ],
    facets: { order: ['class'] },
  };
  const compiled = compileRules(settings, 'en');
  const fired = (query: string, chosen: ReturnType<typeof chosenFromClauses>) => applyRules(compiled, query, 'en', { chosen });

  test('every filter of the condition must be chosen; the first fired rule with a facet order overrides the tenant\'s', () => {
    expect(fired('', new Map()).appliedRules).toEqual([]);
    expect(fired('', new Map()).facets).toEqual({ order: ['class'] });
    const sofas = chosenFromSearchFilters({ terms: { category: ['Sofas'] }, attributes: {} });
    expect(fired('', sofas).appliedRules).toEqual(['sofas']);
    expect(fired('', sofas).facets).toEqual({ order: ['brand'] });
    const acmeSofas = chosenFromSearchFilters({ terms: { category: ['Sofas'], brand: ['Acme', 'Birch'] }, attributes: {} });
    expect(fired('leather sofas', acmeSofas).appliedRules).toEqual(['sofas', 'acme-sofas']);
    expect(fired('chairs', acmeSofas).appliedRules).toEqual(['sofas']);
  });

  test('InstantSearch filters as clauses: positive terms, AND\'ed or OR\'ed, count as chosen; negated ones do not', () => {
    const chosen = chosenFromClauses([
      { bool: { filter: [{ bool: { should: [{ term: { category: 'Sofas' } }, { term: { category: 'Beds' } }], minimum_should_match: 1 } }, { term: { brand: { value: 'Acme' } } }] } },
      { bool: { must_not: [{ term: { product_class: 'Covers' } }] } },
      { range: { price: { gte: 10 } } },
    ]);
    expect([...chosen].map(([field, values]) => [field, [...values]])).toEqual([
      ['category', ['Sofas', 'Beds']],
      ['brand', ['Acme']],
    ]);
  });
});

describe('pins on the page', () => {
  const page = (...ids: string[]) => ids.map((id) => ({ id }));
  test('pinned products move from the top of the ranking to their positions; other pages are untouched', () => {
    const pins = [{ productId: 'p', position: 3 }, { productId: 'q', position: 1 }];
    expect(placePins(page('q', 'p', 'a', 'b', 'c'), pins, 0).map((h) => h.id)).toEqual(['q', 'a', 'p', 'b', 'c']);
    expect(placePins(page('a', 'b'), pins, 1).map((h) => h.id)).toEqual(['a', 'b']);
    // A position past the page's end: the pin ends the page.
    expect(placePins(page('p', 'a'), [{ productId: 'p', position: 9 }], 0).map((h) => h.id)).toEqual(['a', 'p']);
  });
});

describe('settings validation', () => {
  test('names the field at fault', () => {
    const bad = (input: unknown) => {
      try {
        validateSettings(input);
        return 'valid';
      } catch (error) {
        return error instanceof SettingsValidationError ? error.field : 'other';
      }
    };
    expect(bad({ synonyms: [], rules: [rule('a', 'is', 'x', { boost: [{ filter: { field: 'colour' as never, value: 'red' }, weight: 2 }] })] })).toBe('rules.0.consequence.boost.0.filter.field');
    expect(bad({ synonyms: [], rules: [{ ...rule('a', 'is', 'x'), condition: { from: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' } }] })).toBe('rules.0.condition.until');
    expect(bad({ synonyms: [], rules: [rule('bad id!', 'is', 'x')] })).toBe('rules.0.id');
    expect(bad({ rules: [] })).toBe('synonyms');
    expect(bad({ synonyms: [], rules: [rule('a', 'is', 'x')] })).toBe('valid');
  });
});
