/**
 * Pure: what a draft of the settings would change, query by query. For each
 * query the top 10 under the published settings and under the draft, side by
 * side, with the products that moved, entered or left, and the change in the
 * total. The searches themselves run elsewhere (admin/search/preview-search.ts)
 * with search's own code, so the preview shows what search will show.
 */
import type { MerchandisingSettings } from '../../common/contract/merchandising.js';

export const PREVIEW_LIMITS = { queries: 30, queryLength: 200, top: 10 } as const;

export interface RankedProduct {
  id: string;
  name: string;
}

/** One query's first page under one version of the settings. */
export interface QueryResult {
  total: number;
  top: RankedProduct[];
  appliedRules: string[];
  redirect: string | null;
}

export interface QueryPreview {
  query: string;
  current: QueryResult;
  draft: QueryResult;
  /** draft.total − current.total. */
  totalChange: number;
  /** In both top 10s at different positions (1-based). */
  moved: Array<RankedProduct & { from: number; to: number }>;
  /** In the draft's top 10 only. */
  entered: Array<RankedProduct & { position: number }>;
  /** In today's top 10 only. */
  left: Array<RankedProduct & { position: number }>;
  changed: boolean;
}

export function compareResults(query: string, current: QueryResult, draft: QueryResult): QueryPreview {
  const before = new Map(current.top.map((p, i) => [p.id, i + 1]));
  const after = new Map(draft.top.map((p, i) => [p.id, i + 1]));
  const moved = draft.top.flatMap((p, i) => {
    const from = before.get(p.id);
    return from !== undefined && from !== i + 1 ? [{ ...p, from, to: i + 1 }] : [];
  });
  const entered = draft.top.flatMap((p, i) => (before.has(p.id) ? [] : [{ ...p, position: i + 1 }]));
  const left = current.top.flatMap((p, i) => (after.has(p.id) ? [] : [{ ...p, position: i + 1 }]));
  const sameRules = current.appliedRules.join('\u0000') === draft.appliedRules.join('\u0000');
  const changed = moved.length > 0 || entered.length > 0 || left.length > 0 || current.total !== draft.total || current.redirect !== draft.redirect || !sameRules;
  return { query, current, draft, totalChange: draft.total - current.total, moved, entered, left, changed };
}

export class PreviewRequestError extends Error {
  override name = 'PreviewRequestError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The `queries` of a preview request: up to 30 texts of 1–200 characters, or undefined when not given. */
export function parsePreviewQueries(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new PreviewRequestError('queries', '"queries" must be an array of query texts');
  if (value.length > PREVIEW_LIMITS.queries) throw new PreviewRequestError('queries', `"queries" holds at most ${PREVIEW_LIMITS.queries} texts`);
  return value.map((text, i) => {
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > PREVIEW_LIMITS.queryLength) {
      throw new PreviewRequestError(`queries.${i}`, `queries.${i}: must be a text of 1-${PREVIEW_LIMITS.queryLength} characters`);
    }
    return text.trim();
  });
}

const ruleKey = (rule: MerchandisingSettings['rules'][number]) => JSON.stringify(rule);
const synonymKey = (synonym: MerchandisingSettings['synonyms'][number]) => JSON.stringify(synonym);

/**
 * The queries a preview compares when none are given: the tenant's top
 * queries first (from search analytics, where recorded), then the queries
 * the change touches: the pattern of every rule added, changed or removed,
 * and the phrases of every synonym group added, changed or removed.
 */
export function previewQueries(current: MerchandisingSettings, draft: MerchandisingSettings, topQueries: readonly string[] = []): string[] {
  const touched: string[] = [...topQueries];
  const currentRules = new Set(current.rules.map(ruleKey));
  const draftRules = new Set(draft.rules.map(ruleKey));
  for (const rule of [...draft.rules.filter((r) => !currentRules.has(ruleKey(r))), ...current.rules.filter((r) => !draftRules.has(ruleKey(r)))]) {
    if (rule.condition.query) touched.push(rule.condition.query.pattern);
  }
  const currentSynonyms = new Set(current.synonyms.map(synonymKey));
  const draftSynonyms = new Set(draft.synonyms.map(synonymKey));
  for (const synonym of [...draft.synonyms.filter((s) => !currentSynonyms.has(synonymKey(s))), ...current.synonyms.filter((s) => !draftSynonyms.has(synonymKey(s)))]) {
    touched.push(...(synonym.type === 'oneWaySynonym' ? [synonym.input] : synonym.synonyms));
  }
  const seen = new Set<string>();
  return touched
    .map((text) => text.trim())
    .filter((text) => {
      const key = text.toLowerCase();
      if (!text || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, PREVIEW_LIMITS.queries);
}
