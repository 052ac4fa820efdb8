/**
 * Pure: Algolia filter syntaxes → Elasticsearch clauses, for the attributes
 * this index exposes. facetFilters (`["brand:A", ["color:red","color:blue"]]`),
 * numericFilters (`["price>=10", "price:10 TO 100"]`) and the `filters`
 * string (`brand:"A" AND (category:Beds OR category:Sofas) AND NOT price<10`).
 * Anything outside that subset is a BadRequestError naming the parameter.
 */
import type { estypes } from '@elastic/elasticsearch';
import { INSTANTSEARCH_FACET_ATTRIBUTES, NUMERIC_FIELDS } from '../../common/contract/facets.js';
import { BadRequestError } from '../errors.js';

type Query = estypes.QueryDslQueryContainer;

/** The keyword field behind an attribute name, or undefined if it cannot be filtered or faceted on. */
export function facetField(attribute: string): string | undefined {
  if (Object.hasOwn(INSTANTSEARCH_FACET_ATTRIBUTES, attribute)) return INSTANTSEARCH_FACET_ATTRIBUTES[attribute];
  const match = /^attributes\.([a-z0-9][a-z0-9_ -]{0,49})$/.exec(attribute);
  return match ? `attributes.${match[1]}` : undefined;
}

function numericField(attribute: string, parameter: string): string {
  const field = Object.hasOwn(NUMERIC_FIELDS, attribute) ? NUMERIC_FIELDS[attribute] : undefined;
  if (!field) throw new BadRequestError(parameter, `"${attribute.slice(0, 50)}" is not a numeric attribute (numeric: ${Object.keys(NUMERIC_FIELDS).join(', ')})`);
  return field;
}

function keywordField(attribute: string, parameter: string): string {
  const field = facetField(attribute);
  if (!field) throw new BadRequestError(parameter, `cannot filter on "${attribute.slice(0, 50)}"; filterable: ${Object.keys(INSTANTSEARCH_FACET_ATTRIBUTES).join(', ')}, price, attributes.<name>`);
  return field;
}

const not = (clause: Query): Query => ({ bool: { must_not: [clause] } });
const anyOf = (clauses: Query[]): Query => (clauses.length === 1 ? (clauses[0] as Query) : { bool: { should: clauses, minimum_should_match: 1 } });
const allOf = (clauses: Query[]): Query => (clauses.length === 1 ? (clauses[0] as Query) : { bool: { filter: clauses } });

function parseNumber(text: string, parameter: string): number {
  const value = Number(text);
  if (!/^-?\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(value)) throw new BadRequestError(parameter, `"${text.slice(0, 30)}" is not a number`);
  return value;
}

const COMPARISON = /^([A-Za-z0-9_.]+)\s*(<=|>=|!=|<|>|=)\s*(-?[\d.]+)$/;
const RANGE = /^([A-Za-z0-9_.]+)\s*:\s*(-?[\d.]+)\s+TO\s+(-?[\d.]+)$/;

/** One numeric condition: `price>=10`, `price != 5`, `price:10 TO 100`. */
export function numericClause(text: string, parameter: string): Query {
  const trimmed = text.trim();
  const range = RANGE.exec(trimmed);
  if (range) {
    return { range: { [numericField(range[1] as string, parameter)]: { gte: parseNumber(range[2] as string, parameter), lte: parseNumber(range[3] as string, parameter) } } };
  }
  const comparison = COMPARISON.exec(trimmed);
  if (!comparison) throw new BadRequestError(parameter, `cannot read numeric filter "${trimmed.slice(0, 50)}"; use e.g. price>=10 or price:10 TO 100`);
  const field = numericField(comparison[1] as string, parameter);
  const value = parseNumber(comparison[3] as string, parameter);
  switch (comparison[2]) {
    case '<':
      return { range: { [field]: { lt: value } } };
    case '<=':
      return { range: { [field]: { lte: value } } };
    case '>':
      return { range: { [field]: { gt: value } } };
    case '>=':
      return { range: { [field]: { gte: value } } };
    case '!=':
      return not({ term: { [field]: value } });
    default:
      return { term: { [field]: value } };
  }
}

/** One facet condition: `brand:Acme`, `brand:-Acme` or `-brand:Acme` (negated). */
export function facetClause(text: string, parameter: string): Query {
  let filter = text;
  let negated = false;
  if (filter.startsWith('-')) {
    negated = true;
    filter = filter.slice(1);
  }
  const colon = filter.indexOf(':');
  if (colon <= 0) throw new BadRequestError(parameter, `facet filters look like "attribute:value", got "${text.slice(0, 50)}"`);
  const attribute = filter.slice(0, colon);
  let value = filter.slice(colon + 1);
  if (value.startsWith('-')) {
    negated = true;
    value = value.slice(1);
  }
  value = value.replace(/^\\-/, '-');
  if (value.length === 0 || value.length > 200) throw new BadRequestError(parameter, 'facet filter values must be 1-200 characters');
  const clause: Query = { term: { [keywordField(attribute, parameter)]: value } };
  return negated ? not(clause) : clause;
}

type Nested = string | Nested[];

/** `[a, [b, c]]` = a AND (b OR c), the Algolia array convention for facetFilters and numericFilters. */
export function arrayFilters(value: unknown, parameter: string, clause: (text: string, parameter: string) => Query): Query | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const list: Nested[] = typeof value === 'string' ? [value] : (value as Nested[]);
  if (!Array.isArray(list)) throw new BadRequestError(parameter, `"${parameter}" must be an array of strings or arrays of strings`);
  if (list.length > 50) throw new BadRequestError(parameter, `"${parameter}" accepts at most 50 conditions`);
  const and = list.map((item) => {
    if (typeof item === 'string') return clause(item, parameter);
    if (Array.isArray(item) && item.length > 0 && item.length <= 50 && item.every((inner) => typeof inner === 'string')) {
      return anyOf((item as string[]).map((inner) => clause(inner, parameter)));
    }
    throw new BadRequestError(parameter, `"${parameter}" must be an array of strings or arrays of strings`);
  });
  return and.length > 0 ? allOf(and) : undefined;
}

/* ---------- the `filters` string: a small recursive-descent parser ---------- */

type Token = { kind: 'and' | 'or' | 'not' | 'open' | 'close' } | { kind: 'condition'; text: string };

function tokenize(input: string, parameter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const rest = input.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest[0] === '(') {
      tokens.push({ kind: 'open' });
      i += 1;
      continue;
    }
    if (rest[0] === ')') {
      tokens.push({ kind: 'close' });
      i += 1;
      continue;
    }
    const keyword = /^(AND|OR|NOT)(?=[\s(]|$)/.exec(rest);
    if (keyword) {
      tokens.push({ kind: (keyword[1] as string).toLowerCase() as 'and' | 'or' | 'not' });
      i += (keyword[1] as string).length;
      continue;
    }
    // attribute:"quoted value" | attribute:value | attribute:low TO high | attribute op number
    const condition =
      /^[A-Za-z0-9_.]+\s*:\s*-?[\d.]+\s+TO\s+-?[\d.]+/.exec(rest) ??
      /^[A-Za-z0-9_.]+\s*(<=|>=|!=|<|>|=)\s*-?[\d.]+/.exec(rest) ??
      /^-?[A-Za-z0-9_.]+:-?"(?:[^"\\]|\\.)*"/.exec(rest) ??
      /^-?[A-Za-z0-9_.]+:[^\s()"]+/.exec(rest);
    if (!condition) throw new BadRequestError(parameter, `cannot read "filters" near "${rest.slice(0, 30)}"`);
    tokens.push({ kind: 'condition', text: condition[0] });
    i += condition[0].length;
  }
  return tokens;
}

function conditionClause(text: string, parameter: string): Query {
  if (/^[A-Za-z0-9_.]+\s*(:\s*-?[\d.]+\s+TO|<=|>=|!=|<|>|=)/.test(text)) return numericClause(text, parameter);
  const quoted = /^(-?[A-Za-z0-9_.]+):(-?)"((?:[^"\\]|\\.)*)"$/.exec(text);
  if (quoted) return facetClause(`${quoted[1]}:${quoted[2]}${(quoted[3] as string).replace(/\\(.)/g, '$1')}`, parameter);
  const colon = text.indexOf(':');
  const attribute = text.slice(text.startsWith('-') ? 1 : 0, colon);
  if (Object.hasOwn(NUMERIC_FIELDS, attribute)) return numericClause(`${attribute}=${text.slice(colon + 1)}`, parameter);
  return facetClause(text, parameter);
}

export function parseFiltersString(input: string, parameter = 'filters'): Query | undefined {
  if (input.trim() === '') return undefined;
  if (input.length > 2_000) throw new BadRequestError(parameter, '"filters" must be at most 2000 characters');
  const tokens = tokenize(input, parameter);
  let position = 0;
  let depth = 0;
  const peek = () => tokens[position];
  const fail = (): never => {
    throw new BadRequestError(parameter, '"filters" is not a valid expression: use attribute:value joined by AND, OR, NOT and parentheses');
  };
  const parseOr = (): Query => {
    const clauses = [parseAnd()];
    while (peek()?.kind === 'or') {
      position += 1;
      clauses.push(parseAnd());
    }
    return anyOf(clauses);
  };
  const parseAnd = (): Query => {
    const clauses = [parseUnary()];
    while (peek()?.kind === 'and') {
      position += 1;
      clauses.push(parseUnary());
    }
    return allOf(clauses);
  };
  const parseUnary = (): Query => {
    const token = peek();
    if (!token) return fail();
    if (token.kind === 'not') {
      position += 1;
      return not(parseUnary());
    }
    if (token.kind === 'open') {
      position += 1;
      depth += 1;
      if (depth > 10) throw new BadRequestError(parameter, '"filters" nests parentheses too deeply');
      const inner = parseOr();
      if (peek()?.kind !== 'close') fail();
      position += 1;
      depth -= 1;
      return inner;
    }
    if (token.kind === 'condition') {
      position += 1;
      return conditionClause(token.text, parameter);
    }
    return fail();
  };
  const query = parseOr();
  if (position !== tokens.length) fail();
  return query;
}
