/**
 * Structured JSON logs (Powertools for AWS Lambda). One logger per process,
 * named by service; callers add a correlation id per run or request with
 * `appendKeys`. Secrets never go into log attributes: log ids and counts only.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { logLevelFrom } from './env.js';

/** LOG_LEVEL is checked here, at the cold start: an unknown level stops it, naming the variable. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, logLevel: logLevelFrom() });
}
