/**
 * The charting library the admin page draws with (Chart.js, its UMD build),
 * served by the admin Lambda itself at /admin/assets/chart.js: no CDN, so the
 * page works wherever the function does. In Lambda the file ships in the
 * zip (serverless.yml, the admin function's package patterns); locally it
 * is read from node_modules. Read once per container.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const UMD = join('chart.js', 'dist', 'chart.umd.min.js');

let cached: string | null | undefined;

function locate(): string | undefined {
  const candidates = [process.env.LAMBDA_TASK_ROOT ? join(process.env.LAMBDA_TASK_ROOT, 'node_modules', UMD) : undefined];
  try {
    // The package exports only its modules: find its dist folder from its entry point.
    candidates.push(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
  } catch {
    // not installed beside this code (a Lambda zip): the task root is the place
  }
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

/** The library's source, or null when it is not shipped. */
export function chartScript(): string | null {
  if (cached === undefined) {
    const path = locate();
    cached = path ? readFileSync(path, 'utf8') : null;
  }
  return cached;
}
