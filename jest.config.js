/** Jest runs the TypeScript sources as native ES modules (NestJS 12 ships ESM only). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Some suites start real service processes, pools and embedded databases; a handle one of them
  // leaves behind must not keep the run from ending once every result is in.
  forceExit: true,
  verbose: true,
};
