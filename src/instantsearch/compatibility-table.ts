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
    '| parameter | support | notes |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
