/** `npm run docs:algolia`: writes docs/algolia-compatibility.md from parameters.ts. */
import { writeFileSync } from 'node:fs';
import { compatibilityTable } from './compatibility-table.js';

const target = new URL('../../docs/algolia-compatibility.md', import.meta.url);
writeFileSync(target, compatibilityTable());
process.stdout.write(`wrote ${target.pathname}\n`);
