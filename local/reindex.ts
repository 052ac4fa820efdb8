/**
 * `npm run reindex` against the stack `npm start` runs: fills in the variables
 * it wrote to .cache/local-stack.json (variables already set win), then runs
 * the indexer's own CLI, which reads only the environment.
 */
import { loadLocalStackEnv } from './stack-env.js';

loadLocalStackEnv();
await import('../indexer/cli/reindex.js');
