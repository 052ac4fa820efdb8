/**
 * Runs after each test (jest setupFilesAfterEnv): a response that broke
 * docs/openapi.yaml fails the test that produced it, naming what is wrong.
 */
import { takeViolations } from './openapi-contract.js';

async function failOnViolations(): Promise<void> {
  const violations = [...new Set(await takeViolations())];
  if (violations.length > 0) throw new Error(`responses that break docs/openapi.yaml:\n  ${violations.slice(0, 20).join('\n  ')}`);
}

afterEach(failOnViolations);
afterAll(failOnViolations);
