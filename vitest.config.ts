import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**'],
    environment: 'node',
    // The hub's tests run on PGlite and on a real PostgreSQL server started here.
    globalSetup: ['hub/testing/vitestGlobalSetup.ts'],
    // A PGlite database takes seconds to start (WebAssembly), more on a busy 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
