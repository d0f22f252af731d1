import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

// End-to-end tests run the production build against a fake Resend API, both started here.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3900)
export const FAKE_RESEND_PORT = Number(process.env.E2E_RESEND_PORT ?? 3901)
/** A second server on the same database with the public cache on (cache.spec.ts). */
export const CACHED_APP_PORT = APP_PORT + 2
// One database per app port, so several runs on one machine never share (or delete) a file.
export const E2E_DATA_DIR = `tests/.data/e2e-${APP_PORT}`
export const E2E_DATABASE_PATH = `${E2E_DATA_DIR}/undersigned.db`
const RESEND_API_KEY = 're_e2e_test_key'

// Debian's Chromium where it is installed (CI installs it); otherwise Playwright's own browser.
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export default defineConfig({
  testDir: './tests/e2e',
  // Per port too: a run on other ports must not delete this run's traces.
  outputDir: `./test-results/artifacts-${APP_PORT}`,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  timeout: 30_000,
  expect: { timeout: 7_000 },
  use: {
    baseURL: `http://localhost:${APP_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: [
    {
      command: 'tsx tests/fake-resend/cli.ts',
      url: `http://127.0.0.1:${FAKE_RESEND_PORT}/__messages`,
      env: { FAKE_RESEND_PORT: String(FAKE_RESEND_PORT), RESEND_API_KEY },
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      command: `rm -rf ${E2E_DATA_DIR} && npm run --silent db:prepare && node server.js`,
      url: `http://localhost:${APP_PORT}/healthz`,
      env: {
        NODE_ENV: 'production',
        PORT: String(APP_PORT),
        APP_URL: `http://localhost:${APP_PORT}`,
        DATABASE_PATH: E2E_DATABASE_PATH,
        RESEND_API_KEY,
        RESEND_BASE_URL: `http://127.0.0.1:${FAKE_RESEND_PORT}`,
        EMAIL_FROM: 'Undersigned E2E <letters@undersigned.test>',
        OUTBOX_POLL_MS: '250',
        // Every test browser signs and signs in from 127.0.0.1: the per-client limits (tested in
        // Vitest) would quarantine and throttle the suite itself.
        RATE_LIMIT_SIGN_BURST: '10000/1m',
        RATE_LIMIT_SIGN_SUSTAINED: '10000/1h',
        RATE_LIMIT_SIGN_IN_IP: '10000/1h',
        BUSY_SOURCE_FLAG: '10000/10m',
        // Tests read pages right after changing them, as nobody's browser in a crowd does: the
        // cache of public answers is off here and on in the second server below.
        PUBLIC_CACHE_SECONDS: '0',
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
    },
    {
      // Started after the first (Playwright starts them in order), which prepared the database.
      command: 'node server.js',
      url: `http://localhost:${CACHED_APP_PORT}/healthz`,
      env: {
        NODE_ENV: 'production',
        PORT: String(CACHED_APP_PORT),
        APP_URL: `http://localhost:${CACHED_APP_PORT}`,
        DATABASE_PATH: E2E_DATABASE_PATH,
        OUTBOX_WORKER: 'off',
        RESEND_API_KEY,
        RESEND_BASE_URL: `http://127.0.0.1:${FAKE_RESEND_PORT}`,
        EMAIL_FROM: 'Undersigned E2E <letters@undersigned.test>',
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
    },
  ],
})
