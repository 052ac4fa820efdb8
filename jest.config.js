// ESM mode: p-limit and graphql-request ship only ES modules, so the suite runs
// under `node --experimental-vm-modules` and ts-jest emits ESM.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/support/test-env.ts'],
  // Every search response in the suite is checked against docs/openapi.yaml (test/support/openapi-contract.ts).
  setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60_000,
};
