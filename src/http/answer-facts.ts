/**
 * What a route's answer says beside its JSON body, for the HTTP layer: the
 * searches and shopper events to record (src/analytics/), and the request
 * parameters it did not honour (a response header, logged once each).
 * Attached under a symbol, so JSON.stringify never puts them in the body.
 */
import type { EventRecord } from '../../common/contract/analytics.js';
import type { SearchFacts } from '../analytics/search-facts.js';

export interface AnswerFacts {
  searches: SearchFacts[];
  events: EventRecord[];
  /** Sorted, once each. */
  ignoredParameters: string[];
}

const FACTS = Symbol('answer facts');

export function withFacts<T extends object>(answer: T, facts: Partial<AnswerFacts>): T {
  Object.defineProperty(answer, FACTS, { value: facts, enumerable: false });
  return answer;
}

export function factsOf(answer: unknown): AnswerFacts {
  const facts = typeof answer === 'object' && answer !== null ? (answer as Record<symbol, Partial<AnswerFacts> | undefined>)[FACTS] : undefined;
  return { searches: facts?.searches ?? [], events: facts?.events ?? [], ignoredParameters: facts?.ignoredParameters ?? [] };
}
