import { copyFileSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { testRunDir } from './paths'

// Runs before each test file: a real SQLite file of its own, copied from the migrated base.
const databasePath = `${testRunDir()}worker-${process.env.VITEST_POOL_ID ?? '0'}-${randomUUID()}.db`
copyFileSync(`${testRunDir()}base.db`, databasePath)

Object.assign(process.env, {
  NODE_ENV: 'test',
  DATABASE_PATH: databasePath,
  APP_URL: 'http://localhost:3000',
  SESSION_SECRET: 'test-session-secret-that-is-long-enough-1234',
  EMAIL_FROM: 'Undersigned Tests <letters@undersigned.test>',
  OUTBOX_WORKER: 'off',
})
delete process.env.RESEND_API_KEY
delete process.env.RESEND_BASE_URL
globalThis.__undersignedDb = undefined

// An unexpected console.error is a failure: it is how React, Remix and we report bugs.
let consoleErrors: unknown[][] = []
beforeEach(() => {
  consoleErrors = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args)
  })
})
afterEach(() => {
  if (consoleErrors.length) {
    const messages = consoleErrors.map((args) => args.map(String).join(' ')).join('\n')
    throw new Error(`console.error was called during the test:\n${messages}`)
  }
})

afterAll(async () => {
  await globalThis.__undersignedDb?.destroy()
  globalThis.__undersignedDb = undefined
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true })
})
