/**
 * One Jest run for every workspace. Tests run from TypeScript sources through SWC (ESM),
 * so `npm test` needs no build step. `*.int.test.ts` files talk to a real database:
 * PostgreSQL when TEST_DATABASE_URL is set, otherwise an embedded PGlite.
 */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/nlp/src',
    '<rootDir>/templates/src',
    '<rootDir>/service/src',
    '<rootDir>/bots/src',
    '<rootDir>/manifests/src',
    '<rootDir>/site/tests',
  ],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@closer/(nlp|templates|service|bots)$': '<rootDir>/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60_000,
  // Database test files copy one database migrated once per run instead of migrating their own.
  globalSetup: '<rootDir>/service/src/test/jest-global-setup.ts',
  globalTeardown: '<rootDir>/service/src/test/jest-global-teardown.ts',
  maxWorkers: process.env.CI ? 2 : '50%',
};
