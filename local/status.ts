/**
 * `npm run status` against the stack `npm start` runs: fills in the variables
 * it wrote to .cache/local-stack.json (variables already set win), then runs
 * the indexer's own status CLI.
 */
import { loadLocalStackEnv } from './stack-env.js';

loadLocalStackEnv();
await import('../indexer/cli/status.js');
