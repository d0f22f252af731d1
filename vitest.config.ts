import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    alias: {
      '~': here('./app'),
      '#db': here('./db'),
      '#emails': here('./emails'),
    },
  },
  esbuild: { jsx: 'automatic' },
  test: {
    include: [
      'app/**/*.test.{ts,tsx}',
      'db/**/*.test.ts',
      'emails/**/*.test.{ts,tsx}',
      'tests/unit/**/*.test.{ts,tsx}',
    ],
    globalSetup: ['./tests/setup/global-setup.ts'],
    setupFiles: ['./tests/setup/setup-test-env.ts'],
    pool: 'forks',
    // Real SQLite files with synchronous=FULL: generous on a busy machine, still a bound.
    testTimeout: 15_000,
    restoreMocks: true,
  },
})
