// Unit tests sit next to the code (src and admin/src, *.spec.ts); e2e tests go through HTTP (test/e2e).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];
// A few dependencies ship ES modules only; jest on Node 20 must transpile them.
const esmOnly = ['content-disposition', 'marked', 'feed', 'badge-maker'];

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/admin/src/**/*.spec.ts'],
      transform: { '^.+\\.[tj]s$': tsJest },
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform: { '^.+\\.[tj]s$': tsJest },
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
      testTimeout: 60000,
    },
  ],
};
