/** Jest projects: unit (pure, fast), component (the real server over HTTP), contract (storage drivers). */
const shared = {
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    // ESM-only dependencies (of @microsoft/app-manifest; intl-messageformat and its parser), compiled to CommonJS for jest.
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@microsoft/app-manifest/node_modules/)?strip-bom/|intl-messageformat/|@formatjs/)'],
  moduleNameMapper: {
    // The package's main entry is untranspiled ESM; the UMD build runs everywhere.
    '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js',
  },
  testEnvironment: 'node',
};

module.exports = {
  // Component tests start real servers; a generous ceiling, not a speed goal (benchmarks measure speed).
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...shared, displayName: 'component', testMatch: ['<rootDir>/tests/component/**/*.test.ts'] },
    // One storage suite, run against every driver (SQLite; Azure Tables on Azurite).
    { ...shared, displayName: 'contract', testMatch: ['<rootDir>/tests/contract/**/*.test.ts'] },
    // The tab in headless Chromium through the /dev host page (needs Debian's chromium).
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
    // From a clean copy to a production start without the build tools (npm ci, build, prune): minutes, not seconds.
    { ...shared, displayName: 'deploy', testMatch: ['<rootDir>/tests/deploy/**/*.test.ts'] },
  ],
};
