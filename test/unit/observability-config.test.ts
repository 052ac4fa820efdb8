/** LOG_LEVEL and METRICS_NAMESPACE are checked at cold start like every other variable, naming themselves. */
import { ConfigError, logLevelFrom, metricsNamespaceFrom } from '../../common/env.js';

test('LOG_LEVEL: any case of a Powertools level, INFO when unset; anything else stops the cold start', () => {
  expect(logLevelFrom({})).toBe('INFO');
  expect(logLevelFrom({ LOG_LEVEL: 'debug' })).toBe('DEBUG');
  expect(logLevelFrom({ LOG_LEVEL: ' Silent ' })).toBe('SILENT');
  expect(() => logLevelFrom({ LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
  expect(() => logLevelFrom({ LOG_LEVEL: 'INF' })).toThrow(/LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT/);
});

test("METRICS_NAMESPACE: CloudWatch's rules, CommerceSearch when unset", () => {
  expect(metricsNamespaceFrom({})).toBe('CommerceSearch');
  expect(metricsNamespaceFrom({ METRICS_NAMESPACE: 'Shop/Search-prod' })).toBe('Shop/Search-prod');
  for (const bad of ['AWS/Lambda', 'has space', 'x'.repeat(256), 'ääkköset']) {
    expect(() => metricsNamespaceFrom({ METRICS_NAMESPACE: bad })).toThrow(/METRICS_NAMESPACE/);
  }
});
