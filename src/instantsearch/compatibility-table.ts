/**
 * Pure: the Algolia compatibility table (docs/algolia-compatibility.md) as
 * Markdown, from parameters.ts. `npm run docs:algolia` writes it; a test
 * fails when the file and the code disagree.
 */
import { ALGOLIA_SEARCH_PARAMETERS, type Support } from './parameters.js';

const LABEL: Record<Support, string> = { honoured: 'honoured', differs: 'honoured, with a difference', unsupported: 'unsupported: reported in `message`' };

export function compatibilityTable(): string {
  const rows = [...ALGOLIA_SEARCH_PARAMETERS].map(([name, { support, note }]) => `| \`${name}\` | ${LABEL[support]} | ${(note ?? '').replace(/\|/g, '\\|')} |`);
  const count = (support: Support) => [...ALGOLIA_SEARCH_PARAMETERS.values()].filter((p) => p.support === support).length;
  return [
    '# Algolia search parameters: what the InstantSearch route does with each',
    '',
    'Back to the [README](../README.md). Generated from `src/instantsearch/parameters.ts` by `npm run docs:algolia`;',
    'a test checks that it lists every search parameter of the official `algoliasearch` client.',
    '',
    `${count('honoured')} honoured, ${count('differs')} honoured with a difference, ${count('unsupported')} unsupported.`,
    'A request that uses an unsupported parameter (away from its default) still answers: each result names',
    'what was ignored in Algolia\'s `message` field, the response carries the list in an `x-ignored-parameters`',
    'header, and the search function logs each one once per container. A parameter outside this list is reported',
    'the same way.',
    '',
    '## Search API keys',
    '',
    'A tenant listed in `SEARCH_API_KEYS` (locally) or the SSM SecureString named by `SEARCH_API_KEYS_PARAMETER`',
    '(deployed), JSON `{"<tenant>": [{"label": "…", "key": "…"}]}`, answers only requests with `x-algolia-api-key`',
    '(header or query parameter): one of its keys, or a secured key made from one with the official client\'s',
    '`generateSecuredApiKey`. A secured key\'s `filters` are AND\'ed with the request\'s (on `/search` too), its other',
    'search parameters override the request\'s, `validUntil` expires it and `restrictIndices` limits the index names;',
    '`/suggest` refuses a key with restrictions (completions cannot be filtered). No key, a wrong, forged, tampered,',
    'expired or another tenant\'s key is a 403. Tenants not listed stay open. The keys are HMAC secrets, so they are',
    'kept whole in SSM (never in the environment when deployed), compared in constant time, and never logged.',
    '',
    '## Parameters',
    '',
    '| parameter | support | notes |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
