/** Pure: which route a method and path select; unknown paths and wrong methods are named errors. */
import { MethodNotAllowedError, NotFoundError } from '../errors.js';
import { insightsRoute, instantSearchRoute, searchRoute, suggestRoute, type RouteContext } from './routes.js';

export interface RouteDefinition {
  method: 'GET' | 'POST';
  run: (ctx: RouteContext) => Promise<unknown>;
  /** GET answers may be cached by the CDN; InstantSearch's POST may not. */
  cacheable: boolean;
  /** The Algolia application id may name the tenant (InstantSearch clients send it). */
  algoliaTenant: boolean;
  /** False: the route reads neither the tenant's lexicon nor its settings (Insights events). */
  searches?: boolean;
}

const ROUTES: Array<{ match: (path: string) => boolean; route: RouteDefinition }> = [
  { match: (path) => path === '/search', route: { method: 'GET', run: searchRoute, cacheable: true, algoliaTenant: false } },
  { match: (path) => path === '/suggest', route: { method: 'GET', run: suggestRoute, cacheable: true, algoliaTenant: false } },
  {
    match: (path) => /^\/1\/indexes\/[^/]+\/queries$/.test(path),
    route: { method: 'POST', run: instantSearchRoute, cacheable: false, algoliaTenant: true },
  },
  // Algolia Insights (search-insights, InstantSearch's insights middleware): shopper events for analytics.
  { match: (path) => path === '/1/events', route: { method: 'POST', run: insightsRoute, cacheable: false, algoliaTenant: true, searches: false } },
];

export function selectRoute(method: string, path: string): RouteDefinition {
  const found = ROUTES.find((candidate) => candidate.match(path));
  if (!found) throw new NotFoundError(`no route ${path.slice(0, 100)}; see the API reference`);
  const { route } = found;
  if (method !== route.method && !(route.method === 'GET' && method === 'HEAD')) throw new MethodNotAllowedError([route.method, 'OPTIONS']);
  return route;
}
