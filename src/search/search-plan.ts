/** Pure: a validated `GET /search` request → the SearchPlan the body builder understands. */
import { NO_SYNONYMS, type SynonymIndex } from '../../common/text/synonyms.js';
import type { estypes } from '@elastic/elasticsearch';
import { FILTER_FIELDS, FILTER_NAMES, SEARCH_FACETS } from '../../common/contract/facets.js';
import type { SearchPlan } from './search-body.js';
import type { SearchRequest } from './search-request.js';
import type { Lexicon } from '../../common/text/lexicon.js';
import type { Language } from '../../common/text/languages.js';
import { understandQuery } from './relevance.js';

const FACET_NAMES = new Set(SEARCH_FACETS.map((facet) => facet.name));

export function planSearch(request: SearchRequest, lexicon: Lexicon, language: Language = 'en', synonyms: SynonymIndex = NO_SYNONYMS): SearchPlan {
  const filters: estypes.QueryDslQueryContainer[] = [];
  const refinements: SearchPlan['refinements'] = [];
  for (const name of FILTER_NAMES) {
    const values = request.filters.terms[name];
    if (!values) continue;
    const clause = { terms: { [FILTER_FIELDS[name]]: values } };
    if (FACET_NAMES.has(name)) refinements.push({ facet: name, clause });
    else filters.push(clause);
  }
  for (const [attribute, values] of Object.entries(request.filters.attributes)) {
    filters.push({ terms: { [`attributes.${attribute}`]: values } });
  }
  const { priceMin, priceMax } = request.filters;
  if (priceMin !== undefined || priceMax !== undefined) {
    refinements.push({
      facet: 'price',
      clause: { range: { price: { ...(priceMin !== undefined ? { gte: priceMin } : {}), ...(priceMax !== undefined ? { lte: priceMax } : {}) } } },
    });
  }
  return {
    query: request.query,
    page: request.page,
    size: request.size,
    sort: request.sort,
    filters,
    refinements,
    facets: SEARCH_FACETS,
    priceFacet: true,
    highlight: request.highlight,
    didYouMean: true,
    understanding: understandQuery(request.query, lexicon, language, synonyms, request.typing),
  };
}
