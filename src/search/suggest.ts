/**
 * Pure: autocomplete for every keystroke. One Elasticsearch request returns
 * names that start with what was typed (completion suggester), products whose
 * words start with it (match_bool_prefix on the normalised name, typo
 * tolerant on finished words), and the categories those products sit in.
 */
import type { estypes } from '@elastic/elasticsearch';
import { BadRequestError } from '../errors.js';
import { foldAccents, normalizeTokens } from '../../common/text/normalize.js';
import { COMPOUNDING, type Language } from '../../common/text/languages.js';
import { EMPTY_LEXICON, type Lexicon } from '../../common/text/lexicon.js';
import { cleanText } from './search-request.js';
import type { ProductSource } from './product-hit.js';

export interface SuggestRequest {
  query: string;
  size: number;
}

export interface Suggestion {
  /** query: learned from shoppers' searches (search analytics), served first. */
  type: 'query' | 'product' | 'category';
  text: string;
  /** Product id, for product suggestions. */
  id?: string;
  /** Where a learned query leads: the product class most of its results are. */
  category?: string;
}

export interface SuggestResponseBody {
  query: string;
  suggestions: Suggestion[];
  categories: Array<{ value: string; count: number }>;
  elasticsearchTimeMs: number;
}

const KNOWN = new Set(['q', 'size']);

export function parseSuggestParams(params: URLSearchParams): SuggestRequest {
  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) throw new BadRequestError(name, `unknown parameter "${name.slice(0, 50)}"; /suggest accepts q and size`);
  }
  const all = params.getAll('q');
  if (all.length > 1) throw new BadRequestError('q', '"q" may be given once');
  const query = cleanText(all[0] ?? '');
  if (!query) throw new BadRequestError('q', '"q" is required: the text typed so far');
  if (query.length > 100) throw new BadRequestError('q', '"q" must be at most 100 characters');
  const rawSize = params.get('size');
  const size = rawSize === null || rawSize === '' ? 8 : Number(rawSize);
  if (!/^\d{1,2}$/.test(rawSize ?? '8') || size < 1 || size > 20) throw new BadRequestError('size', '"size" must be a whole number from 1 to 20');
  return { query, size };
}

/** Compounds of the catalog a typed Finnish or Swedish word heads ("sohva" → nahkasohva), completed first. */
const MAX_SUGGEST_COMPOUNDS = 20;

/**
 * Pure: the suggest body, in the tenant's language: the typed words normalised as the tenant's products were
 * (Finnish and Swedish stems), and in a compounding language the catalog's compounds the last word heads
 * ("sohva" completes nahkasohva and kulmasohva, the same kind of product, before sohvapöytä), from the lexicon.
 */
export function buildSuggestBody(request: SuggestRequest, language: Language = 'en', lexicon: Lexicon = EMPTY_LEXICON): estypes.SearchRequest {
  const tokens = normalizeTokens(request.query, language);
  const normalized = tokens.join(' ');
  const typed = foldAccents(request.query).slice(0, 100);
  const last = tokens.at(-1);
  const heads = last && COMPOUNDING.has(language) && lexicon.documents > 0 ? lexicon.endingWith(last, MAX_SUGGEST_COMPOUNDS) : [];
  const prefix = { match_bool_prefix: { name_norm: { query: normalized, fuzziness: 'AUTO:4,8', prefix_length: 1 } } };
  // The other typed words must still match; the compounds come first (a constant score above any prefix match's).
  const compoundFilter = { bool: { filter: [...tokens.slice(0, -1).map((token) => ({ term: { name_norm: token } })), { terms: { name_norm: heads } }] } };
  const compounds = heads.length > 0 ? [{ constant_score: { filter: compoundFilter, boost: 100 } }] : [];
  return {
    size: request.size,
    _source: ['id', 'name', 'category'],
    track_total_hits: false,
    query: {
      bool: {
        must: normalized ? [compounds.length > 0 ? { bool: { should: [prefix, ...compounds], minimum_should_match: 1 } } : prefix] : [{ match_none: {} }],
        filter: [{ term: { active: true } }],
      },
    },
    aggs: { categories: { terms: { field: 'category', size: 5 } } },
    suggest: {
      names: {
        prefix: typed,
        completion: { field: 'suggest', size: request.size, skip_duplicates: true, ...(typed.length >= 4 ? { fuzzy: { fuzziness: 1 } } : {}) },
      },
    },
  };
}

/** Pure: learned query suggestions that start with what was typed, most searched first. */
export function buildQuerySuggestionsBody(request: SuggestRequest): estypes.SearchRequest {
  return { size: request.size, track_total_hits: false, query: { prefix: { query_lower: request.query.toLowerCase() } }, sort: [{ searches: 'desc' }, { query_lower: 'asc' }] };
}

export function toSuggestResponse(
  request: SuggestRequest,
  response: estypes.SearchResponse<ProductSource>,
  learned?: estypes.SearchResponse<{ query: string; category: string | null }>,
): SuggestResponseBody {
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  const add = (suggestion: Suggestion) => {
    const key = `${suggestion.type}:${suggestion.text.toLowerCase()}`;
    if (seen.has(key) || suggestions.length >= request.size) return;
    seen.add(key);
    suggestions.push(suggestion);
  };
  // What shoppers searched (and found results for) first; until a tenant has traffic, none.
  for (const hit of learned?.hits.hits ?? []) {
    if (hit._source) add({ type: 'query', text: hit._source.query, ...(hit._source.category ? { category: hit._source.category } : {}) });
  }
  const completion = response.suggest?.names?.[0]?.options;
  for (const option of Array.isArray(completion) ? (completion as estypes.SearchCompletionSuggestOption<ProductSource>[]) : []) {
    const source = option._source;
    if (source && option.text === source.category) add({ type: 'category', text: option.text });
    else if (source) add({ type: 'product', text: source.name, id: source.id });
  }
  for (const hit of response.hits.hits) {
    if (hit._source) add({ type: 'product', text: hit._source.name, id: hit._source.id });
  }
  const buckets = (response.aggregations?.categories as estypes.AggregationsStringTermsAggregate | undefined)?.buckets;
  return {
    query: request.query,
    suggestions,
    categories: Array.isArray(buckets) ? buckets.map((b) => ({ value: String(b.key), count: b.doc_count })) : [],
    elasticsearchTimeMs: response.took + (learned?.took ?? 0),
  };
}
