import { configDefaults, defineConfig } from 'vitest/config';
import { miniappProject } from './tests/miniapp/vitest.project';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['tests/support/global-setup.ts'],
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
    // `npm test -- --coverage`: what the suites exercise of the product's code (not of the tests).
    coverage: {
      provider: 'v8',
      include: ['shared/src/**', 'cloud/src/**', 'miniapp/src/**'],
      reporter: ['text-summary', 'html'],
      reportsDirectory: 'coverage',
    },
    // Everything runs in node, except the mini-program's component tests (jsdom + Taro).
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/miniapp/**'] },
      },
      miniappProject,
    ],
  },
});
