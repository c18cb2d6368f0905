import { defineConfig } from 'vitest/config';

// Unit and integration tests share one run. Integration tests create their own network namespaces,
// databases and queues with unique names, so files may run in parallel (2 cores: 2 workers).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
