/**
 * Pure: the body of `POST /1/events` (Algolia's Insights API, as the
 * search-insights library and InstantSearch's insights middleware send it)
 * → event records. Checked as Insights checks them: a bad event makes the
 * whole batch a 422 naming the field (`events[3].positions`), and nothing of
 * it is recorded. User tokens are stored hashed; nothing identifies the
 * shopper's device or address.
 */
import { hashUserToken, type EventRecord, type InsightsType } from '../../common/contract/analytics.js';

export const INSIGHTS_LIMITS = { events: 1000, bodyBytes: 512 * 1024, objectIDs: 20, filters: 10, eventName: 64, userToken: 129, pastMs: 4 * 24 * 3600_000, futureMs: 3600_000 } as const;

export class InsightsValidationError extends Error {
  override name = 'InsightsValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const TYPES = new Set<InsightsType>(['click', 'conversion', 'view']);
const SUBTYPES = new Set(['addToCart', 'purchase']);
const USER_TOKEN = /^[a-zA-Z0-9_=/+-]{1,129}$/;
const QUERY_ID = /^[0-9a-f]{32}$/;

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(value: unknown, field: string, max: number): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max || !value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 512)) {
    throw new InsightsValidationError(field, `must be a list of 1-${max} non-empty strings`);
  }
  return value as string[];
}

function amount(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new InsightsValidationError(field, 'must be a number (or a numeric string)');
  return number;
}

function parseEvent(raw: unknown, i: number, tenant: string, now: number): EventRecord {
  const at = (name: string) => `events[${i}].${name}`;
  if (!isObject(raw)) throw new InsightsValidationError(`events[${i}]`, 'must be an object');
  const type = raw.eventType;
  if (typeof type !== 'string' || !TYPES.has(type as InsightsType)) throw new InsightsValidationError(at('eventType'), 'must be "click", "conversion" or "view"');
  const name = raw.eventName;
  if (typeof name !== 'string' || name.length === 0 || name.length > INSIGHTS_LIMITS.eventName) throw new InsightsValidationError(at('eventName'), `must be 1-${INSIGHTS_LIMITS.eventName} characters`);
  const index = raw.index;
  if (typeof index !== 'string' || index.length === 0 || index.length > 256) throw new InsightsValidationError(at('index'), 'must name the index searched');
  const token = raw.authenticatedUserToken ?? raw.userToken;
  if (typeof raw.userToken !== 'string' || !USER_TOKEN.test(raw.userToken)) throw new InsightsValidationError(at('userToken'), 'must be 1-129 characters of a-z, A-Z, 0-9, "_", "=", "/", "+" or "-"');
  if (raw.authenticatedUserToken !== undefined && (typeof raw.authenticatedUserToken !== 'string' || !USER_TOKEN.test(raw.authenticatedUserToken))) {
    throw new InsightsValidationError(at('authenticatedUserToken'), 'must be 1-129 characters of a-z, A-Z, 0-9, "_", "=", "/", "+" or "-"');
  }
  let timestamp = now;
  if (raw.timestamp !== undefined) {
    if (typeof raw.timestamp !== 'number' || !Number.isInteger(raw.timestamp)) throw new InsightsValidationError(at('timestamp'), 'must be epoch milliseconds');
    if (raw.timestamp < now - INSIGHTS_LIMITS.pastMs || raw.timestamp > now + INSIGHTS_LIMITS.futureMs) throw new InsightsValidationError(at('timestamp'), 'must be within the last 4 days');
    timestamp = raw.timestamp;
  }
  const queryId = raw.queryID;
  if (queryId !== undefined && (typeof queryId !== 'string' || !QUERY_ID.test(queryId))) throw new InsightsValidationError(at('queryID'), 'must be the 32 hex characters of a search\'s queryID');
  const hasObjects = raw.objectIDs !== undefined;
  if (hasObjects === (raw.filters !== undefined)) throw new InsightsValidationError(at('objectIDs'), 'send either objectIDs or filters');
  const objectIds = hasObjects ? stringList(raw.objectIDs, at('objectIDs'), INSIGHTS_LIMITS.objectIDs) : stringList(raw.filters, at('filters'), INSIGHTS_LIMITS.filters);
  let positions: number[] | null = null;
  if (raw.positions !== undefined) {
    if (!Array.isArray(raw.positions) || !raw.positions.every((p) => Number.isInteger(p) && (p as number) >= 1)) throw new InsightsValidationError(at('positions'), 'must be 1-based positions');
    if (raw.positions.length !== objectIds.length) throw new InsightsValidationError(at('positions'), 'must have one position per objectID');
    positions = raw.positions as number[];
  }
  if (type === 'click' && queryId !== undefined && positions === null) throw new InsightsValidationError(at('positions'), 'a click after a search (with queryID) needs positions');
  const subtype = raw.eventSubtype;
  if (subtype !== undefined && (type !== 'conversion' || typeof subtype !== 'string' || !SUBTYPES.has(subtype))) {
    throw new InsightsValidationError(at('eventSubtype'), '"addToCart" or "purchase", on conversions only');
  }
  let value = amount(raw.value, at('value'));
  if (raw.objectData !== undefined) {
    if (!Array.isArray(raw.objectData) || raw.objectData.length !== objectIds.length) throw new InsightsValidationError(at('objectData'), 'must have one entry per objectID');
    let total = 0;
    raw.objectData.forEach((entry: unknown, j) => {
      if (!isObject(entry)) throw new InsightsValidationError(`${at('objectData')}[${j}]`, 'must be an object');
      const price = amount(entry.price, `${at('objectData')}[${j}].price`) ?? 0;
      const quantity = entry.quantity === undefined ? 1 : entry.quantity;
      if (!Number.isInteger(quantity) || (quantity as number) < 0) throw new InsightsValidationError(`${at('objectData')}[${j}].quantity`, 'must be a whole number');
      const discount = amount(entry.discount, `${at('objectData')}[${j}].discount`) ?? 0;
      total += price * (quantity as number) - discount;
    });
    value ??= Math.round(total * 100) / 100;
  }
  const currency = raw.currency;
  if (currency !== undefined && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))) throw new InsightsValidationError(at('currency'), 'must be an ISO 4217 code, e.g. "EUR"');
  if (value !== undefined && currency === undefined) throw new InsightsValidationError(at('currency'), 'is required with value or objectData prices');
  return {
    tenant,
    at: new Date(timestamp).toISOString(),
    type: type as InsightsType,
    subtype: (subtype as string | undefined) ?? null,
    name,
    index,
    object_ids: objectIds,
    positions,
    query_id: (queryId as string | undefined) ?? null,
    user: hashUserToken(tenant, token as string),
    value: value ?? null,
    currency: (currency as string | undefined) ?? null,
  };
}

/**
 * InstantSearch's insights middleware also sends its own telemetry (eventType "instantsearch", e.g.
 * `__start__`), which Algolia accepts; it is no shopper event, so it is accepted and not recorded.
 */
const TELEMETRY = 'instantsearch';

export function parseInsightsBody(body: string | undefined, tenant: string, now = Date.now()): EventRecord[] {
  if (!body) throw new InsightsValidationError('body', 'must be JSON {"events": [...]}');
  if (Buffer.byteLength(body) > INSIGHTS_LIMITS.bodyBytes) throw new InsightsValidationError('body', `must be at most ${INSIGHTS_LIMITS.bodyBytes} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InsightsValidationError('body', 'is not valid JSON');
  }
  const events = isObject(parsed) ? parsed.events : undefined;
  if (!Array.isArray(events) || events.length === 0 || events.length > INSIGHTS_LIMITS.events) throw new InsightsValidationError('events', `must be a list of 1-${INSIGHTS_LIMITS.events} events`);
  return events.flatMap((event, i) => (isObject(event) && event.eventType === TELEMETRY ? [] : [parseEvent(event, i, tenant, now)]));
}
