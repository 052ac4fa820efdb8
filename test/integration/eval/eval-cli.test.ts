/**
 * `npm run eval` end to end on the repository's WANDS development data (its
 * defaults: nothing outside the clone), against the suite's Elasticsearch:
 * it must run, report every query and the class signal, and the search route
 * must beat the plain BM25 baseline on nDCG@10; its click simulation must
 * raise the replayed queries without lowering the held-out ones.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('npm run eval --json: per-query table, means, class precision, and a final JSON line', async () => {
  const { stdout } = await run('npx', ['tsx', 'eval/run.ts', '--json'], { env: { ...process.env }, timeout: 240_000, maxBuffer: 8 * 1024 * 1024 });
  const lines = stdout.trim().split('\n');
  const result = JSON.parse(lines.at(-1) as string) as Record<string, number>;
  expect(result.queries).toBe(15);
  expect(result.classQueries).toBe(318);
  const firstTable = lines.slice(lines.findIndex((line) => line.startsWith('| query')));
  const perQuery = firstTable.slice(0, firstTable.findIndex((line) => line === ''));
  expect(perQuery.filter((line) => !line.startsWith('| query') && !line.startsWith('| ---'))).toHaveLength(16);
  for (const key of ['ndcg10', 'baselineNdcg10', 'p10', 'recall100', 'classP10', 'baselineClassP10']) {
    expect(result[key]).toBeGreaterThanOrEqual(0);
    expect(result[key]).toBeLessThanOrEqual(1);
  }
  expect(result.ndcg10).toBeGreaterThan(result.baselineNdcg10 as number);
  // Click-aware ranking: simulated shoppers raise the replayed queries, the held-out class signal holds, a spammer moves nothing.
  const clicks = (result as unknown as { clickRanking: { steps: Array<{ ndcg10: number; heldOutClassP10: number }>; spam: { positionBefore: number; positionAfter: number } } }).clickRanking;
  const [start, ...after] = clicks.steps;
  expect(after.at(-1)!.ndcg10).toBeGreaterThan(start!.ndcg10);
  for (const step of after) expect(step.heldOutClassP10).toBeGreaterThanOrEqual(start!.heldOutClassP10);
  expect(clicks.spam.positionAfter).toBe(clicks.spam.positionBefore);
}, 300_000);
