// Unit tests sit next to the code (src and admin/src, *.spec.ts); e2e tests go through HTTP (test/e2e).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];
// Dependencies that ship ES modules only (NestJS 12 among them): jest on Node 20
// cannot load them, so test/jest/esm-to-cjs.js compiles them to CommonJS.
const esmOnly = ['@nestjs', 'content-disposition', 'cookie', 'marked', 'badge-maker'];
const transform = { '/node_modules/.+\\.m?js$': '<rootDir>/test/jest/esm-to-cjs.js', '^.+\\.[tj]s$': tsJest };

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/admin/src/**/*.spec.ts'],
      transform,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
      testTimeout: 60000,
    },
  ],
};
