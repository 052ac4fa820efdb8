/**
 * docs/openapi.yaml, enforced: every response the search handler gives in
 * the test suite is checked against it (search-stack.ts wraps the handler;
 * contract-setup.ts fails the test that produced a violation).
 *
 * - The document itself must be valid OpenAPI 3.1 (@seriousme/openapi-schema-validator).
 * - The method and path must be documented; an undocumented path must answer
 *   the documented 404, a documented path with another method the 405.
 * - The status must be listed for the operation.
 * - Every header sent must be documented for that response (transport
 *   headers aside), each documented required header must be sent, and each
 *   value must match its schema.
 * - A JSON body must match the response's schema (OpenAPI 3.1 schemas are
 *   JSON Schema 2020-12: Ajv's 2020 validator); the schemas say
 *   `additionalProperties: false`, so a field the document lacks fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const OPENAPI_FILE = fileURLToPath(new URL('../../docs/openapi.yaml', import.meta.url));

/** Headers HTTP itself adds or that describe the body's transfer, not the API. */
const TRANSPORT_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
const DOCUMENT_ID = 'openapi';

type Json = Record<string, any>;

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | number | boolean | undefined>;
  body: string | undefined;
}

export class OpenApiContract {
  readonly document: Json;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly paths: Array<{ key: string; pattern: RegExp }>;

  constructor(file = OPENAPI_FILE) {
    this.document = parse(readFileSync(file, 'utf8')) as Json;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    (addFormatsModule as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema(this.document, DOCUMENT_ID);
    this.paths = Object.keys(this.document.paths ?? {}).map((key) => ({
      key,
      pattern: new RegExp(`^${key.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  /** What is wrong with this exchange, in words (empty: it conforms). */
  violations(exchange: Exchange): string[] {
    const method = exchange.method.toLowerCase();
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const pathKey = this.paths.find((p) => p.pattern.test(exchange.path))?.key;
    let responsePointer: string;
    if (method === 'options' && (!pathKey || !this.document.paths[pathKey].options)) {
      // The preflight is answered for any path (the document says so in its description and Preflight response).
      responsePointer = '/components/responses/Preflight';
    } else if (!pathKey) {
      if (exchange.status !== 404) return [`${where}: the path is not documented, so the answer must be the documented 404`];
      responsePointer = '/components/responses/NotFound';
    } else if (!this.document.paths[pathKey][method]) {
      if (exchange.status !== 405) return [`${where}: ${exchange.method} is not documented for ${pathKey}, so the answer must be the documented 405`];
      responsePointer = '/components/responses/MethodNotAllowed';
    } else {
      const responses = this.document.paths[pathKey][method].responses as Json;
      const key = String(exchange.status) in responses ? String(exchange.status) : 'default' in responses ? 'default' : undefined;
      if (!key) return [`${where}: status ${exchange.status} is not documented for ${exchange.method} ${pathKey}`];
      responsePointer = `/paths/${escapePointer(pathKey)}/${method}/responses/${key}`;
    }
    const [response, pointer] = this.resolve(responsePointer);
    return [...this.headerViolations(where, exchange, response, pointer), ...this.bodyViolations(where, exchange, method, response, pointer)];
  }

  /** Follows `$ref`s from a JSON pointer; the object found and its own pointer. */
  private resolve(pointer: string): [Json, string] {
    let at = pointer;
    for (let hops = 0; hops < 10; hops += 1) {
      const value = this.at(at);
      if (typeof value?.$ref !== 'string') return [value, at];
      at = (value.$ref as string).replace(/^#/, '');
    }
    throw new Error(`$ref loop at ${pointer}`);
  }

  private at(pointer: string): Json {
    return pointer
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json>((node, segment) => node?.[segment], this.document);
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  private schemaErrors(pointer: string, value: unknown): string | undefined {
    const validate = this.validator(pointer);
    if (validate(value)) return undefined;
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`)
      .join('; ');
  }

  private headerViolations(where: string, exchange: Exchange, response: Json, pointer: string): string[] {
    const problems: string[] = [];
    const documented = new Map(Object.keys(response.headers ?? {}).map((name) => [name.toLowerCase(), name]));
    const sent = new Map(Object.entries(exchange.headers).map(([name, value]) => [name.toLowerCase(), value]));
    for (const [name, value] of sent) {
      if (TRANSPORT_HEADERS.has(name) || value === undefined) continue;
      const docName = documented.get(name);
      if (!docName) {
        problems.push(`${where}: header ${name} is not documented for this response`);
        continue;
      }
      const [, headerPointer] = this.resolve(`${pointer}/headers/${escapePointer(docName)}`);
      const error = this.schemaErrors(`${headerPointer}/schema`, String(value));
      if (error) problems.push(`${where}: header ${name}: ${error}`);
    }
    for (const [lower, docName] of documented) {
      const [header] = this.resolve(`${pointer}/headers/${escapePointer(docName)}`);
      if (header.required && sent.get(lower) === undefined) problems.push(`${where}: required header ${docName} is missing`);
    }
    return problems;
  }

  private bodyViolations(where: string, exchange: Exchange, method: string, response: Json, pointer: string): string[] {
    const body = exchange.body ?? '';
    const json = response.content?.['application/json'];
    if (!json) return body === '' ? [] : [`${where}: a body is sent, but the response documents none`];
    if (method === 'head') return body === '' ? [] : [`${where}: HEAD answered with a body`];
    const contentType = String(Object.entries(exchange.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '');
    if (!contentType.startsWith('application/json')) return [`${where}: content-type "${contentType}" is not application/json`];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`${where}: the body is not JSON`];
    }
    const error = this.schemaErrors(`${pointer}/content/application~1json/schema`, parsed);
    return error ? [`${where}: body: ${error}`] : [];
  }
}

let shared: OpenApiContract | undefined;
/** Violations seen since the last `takeViolations()` (per test file: jest gives each its own module registry). */
const seen: string[] = [];

export function contract(): OpenApiContract {
  shared ??= new OpenApiContract();
  return shared;
}

const pending: Array<Promise<void>> = [];

/**
 * Checks the exchange after the current turn of the event loop, so the check's own cost (parsing the
 * document, compiling a schema the first time) never adds to a response time a test measures.
 */
export function recordExchange(exchange: Exchange): void {
  pending.push(
    new Promise<void>((resolve) =>
      setImmediate(() => {
        try {
          seen.push(...contract().violations(exchange));
        } catch (error) {
          seen.push(`${exchange.method} ${exchange.path}: the check failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        resolve();
      }),
    ),
  );
}

export async function takeViolations(): Promise<string[]> {
  await Promise.all(pending.splice(0));
  return seen.splice(0);
}

/** The search handler, with every answer it gives checked against the document. */
export function checkedAgainstContract<H extends (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>>(handler: H): H {
  return (async (event: APIGatewayProxyEventV2) => {
    const response = await handler(event);
    recordExchange({
      method: event.requestContext?.http?.method ?? 'GET',
      path: event.rawPath ?? '/',
      status: response.statusCode ?? 200,
      headers: (response.headers ?? {}) as Exchange['headers'],
      body: response.body,
    });
    return response;
  }) as H;
}
