/**
 * Structured JSON logs (Powertools for AWS Lambda). One logger per process,
 * named by service; callers add a correlation id per run or request with
 * `appendKeys`. Secrets never go into log attributes: log ids and counts only.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL ?? 'INFO').toUpperCase() as 'INFO' });
}
