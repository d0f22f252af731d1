import { test as base, expect, type Page } from '@playwright/test'
import { openDatabase, type DB } from '#db/database'
import { E2E_DATABASE_PATH, FAKE_RESEND_PORT } from '../../playwright.config'
import type { User } from '#db/schema'
import { findOrCreateUser } from '~/models/user.server'
import type { ReceivedEmail } from '../fake-resend/server'
import { createTestLetter, uniqueEmail } from '../factories'

type Fixtures = {
  db: DB
  /** Signs this page in as an owner of its own, so parallel tests never share a sign-in link. */
  signInAsOwner: (page: Page) => Promise<User>
  createLetter: (traits?: Parameters<typeof createTestLetter>[1]) => ReturnType<typeof createTestLetter>
  /** Fails the test on any console error or uncaught page error, unless the test clears it. */
  consoleErrors: string[]
}

export const test = base.extend<Fixtures>({
  db: async ({}, use) => {
    const db = openDatabase(E2E_DATABASE_PATH)
    await use(db)
    await db.destroy()
  },
  signInAsOwner: async ({ db }, use) => {
    await use(async (page) => {
      const { user } = await findOrCreateUser(db, {
        email: uniqueEmail('owner'),
        displayName: 'Test Owner',
        role: 'owner',
      })
      await signInByEmail(page, user.email)
      return user
    })
  },
  createLetter: async ({ db }, use) => {
    await use((traits) => createTestLetter(db, traits))
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))
      await use(errors)
      expect(errors, 'the browser console stays clean').toEqual([])
    },
    { auto: true },
  ],
})

export { expect, uniqueEmail }

/**
 * Chromium logs every 4xx document as a console error. A test that expects one calls this,
 * which takes exactly those entries out and fails if they are not there.
 */
export function acceptErrorStatus(consoleErrors: string[], status: number) {
  const expected = `the server responded with a status of ${status}`
  const before = consoleErrors.length
  const kept = consoleErrors.filter((message) => !message.includes(expected))
  expect(before - kept.length, `a console entry for the ${status} response`).toBeGreaterThan(0)
  consoleErrors.splice(0, consoleErrors.length, ...kept)
}

/** Waits for the fake Resend to hold `count` messages to this address, and returns them. */
export async function readEmails(to: string, count = 1): Promise<ReceivedEmail[]> {
  let messages: ReceivedEmail[] = []
  await expect
    .poll(
      async () => {
        const response = await fetch(
          `http://127.0.0.1:${FAKE_RESEND_PORT}/__messages?to=${encodeURIComponent(to)}`,
        )
        messages = (await response.json()) as ReceivedEmail[]
        return messages.length
      },
      { message: `waiting for ${count} email(s) to ${to}`, timeout: 10_000 },
    )
    .toBeGreaterThanOrEqual(count)
  return messages
}

export function confirmationFrom(email: ReceivedEmail) {
  const link = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]+/.exec(email.text)?.[0]
  const code = /\b(\d{6})\b/.exec(email.text)?.[1]
  if (!link || !code) throw new Error(`No confirmation link or code in:\n${email.text}`)
  return { link, code, path: new URL(link).pathname }
}

export async function fillSignatureForm(
  page: Page,
  fields: {
    name: string
    email: string
    profession?: string
    organization?: string
    location?: string
    counted?: boolean
  },
) {
  await page.getByLabel('Full name', { exact: true }).fill(fields.name)
  await page.getByLabel('Email address').fill(fields.email)
  // A letter that lists its professions offers a choice instead of a text field.
  const profession = page.getByLabel('Profession', { exact: true })
  if ((await profession.evaluate((element) => element.tagName)) === 'SELECT') {
    await profession.selectOption(fields.profession ?? { index: 1 })
  } else {
    await profession.fill(fields.profession ?? 'Deputy public defender')
  }
  await page
    .getByLabel('Organization', { exact: true })
    .fill(fields.organization ?? 'Alameda County Public Defender')
  await page.getByLabel('City or region').fill(fields.location ?? 'Oakland, CA')
  if (fields.counted) await page.getByLabel(/Count me/).check()
}

/** Signs the letter in this browser and returns the confirmation email with its link and code. */
export async function signAndReadConfirmation(
  page: Page,
  slug: string,
  fields: Parameters<typeof fillSignatureForm>[1],
) {
  await page.goto(`/letters/${slug}`)
  await fillSignatureForm(page, fields)
  await page.getByRole('button', { name: 'Sign this letter' }).click()
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
  const [message] = await readEmails(fields.email)
  return { message: message!, ...confirmationFrom(message!) }
}

/**
 * Chromium may log that it blocked scripts in the sandboxed email preview frame (Playwright's
 * own injected helpers, some of the time): the sandbox working as meant, not an app error.
 */
export function ignoreSandboxedFrameNotices(consoleErrors: string[]) {
  const kept = consoleErrors.filter(
    (message) => !/^Blocked script execution in '[^']*\/admin\/outbox\/\d+\/preview'/.test(message),
  )
  consoleErrors.splice(0, consoleErrors.length, ...kept)
}

/** Signs in through the real flow: ask for a link, read it from the fake Resend, press the button. */
export async function signInByEmail(page: Page, email: string) {
  const before = (await fetch(
    `http://127.0.0.1:${FAKE_RESEND_PORT}/__messages?to=${encodeURIComponent(email)}`,
  ).then((r) => r.json())) as unknown[]
  await page.goto('/admin/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await expect(page.getByRole('status')).toContainText('a sign-in link is on its way')
  const messages = await readEmails(email, before.length + 1)
  const link = /https?:\/\/\S+\/admin\/sign-in\/[A-Za-z0-9_-]+/.exec(messages.at(-1)!.text)?.[0]
  if (!link) throw new Error('No sign-in link in the email')
  await page.goto(new URL(link).pathname)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/admin$/)
}
