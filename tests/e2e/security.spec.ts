import type { APIResponse, Page } from '@playwright/test'
import { APP_PORT } from '../../playwright.config'
import {
  acceptErrorStatus,
  expect,
  fillSignatureForm,
  signAndReadConfirmation,
  test,
  uniqueEmail,
} from './fixtures'

// The response headers (server/http-security.js, ADR 013) as a browser meets them. Every other
// spec runs under the same policy, and its console check fails on any CSP violation.

const demoSlug = 'let-judges-judge-california'

function nonceOf(headers: Record<string, string>): string {
  const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy'] ?? '')?.[1]
  if (!nonce) throw new Error(`No nonce in: ${headers['content-security-policy']}`)
  return nonce
}

function expectPageHeaders(response: APIResponse, referrerPolicy = 'strict-origin-when-cross-origin') {
  const headers = response.headers()
  expect(headers['content-security-policy'], response.url()).toMatch(
    /^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/,
  )
  expect(headers['x-frame-options'], response.url()).toBe('DENY')
  expect(headers['x-content-type-options'], response.url()).toBe('nosniff')
  expect(headers['referrer-policy'], response.url()).toBe(referrerPolicy)
  // Plain HTTP here: HSTS is for production on https only.
  expect(headers['strict-transport-security'], response.url()).toBeUndefined()
}

/** The page ran its JavaScript: Remix hydrated and took over navigation. */
async function expectHydrated(page: Page) {
  await expect.poll(() => page.evaluate(() => '__remixRouter' in window)).toBe(true)
}

test('every response carries the headers: pages, data, assets, errors, refusals', async ({ request }) => {
  const letterPage = await request.get(`/letters/${demoSlug}`)
  expectPageHeaders(letterPage)
  // Each response has its own nonce, and every script in the page carries it.
  const html = await letterPage.text()
  const nonce = nonceOf(letterPage.headers())
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])
  expect(scripts.length).toBeGreaterThan(0)
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`)
  expect(nonceOf((await request.get(`/letters/${demoSlug}`)).headers())).not.toBe(nonce)
  expect(html).not.toMatch(/\sstyle=|<style/)

  expectPageHeaders(await request.get(`/letters/${demoSlug}.data`))
  expectPageHeaders(await request.get('/favicon.svg'))
  const stylesheet = /<link rel="stylesheet" href="(\/build\/[^"]+\.css)"/.exec(html)![1]!
  expectPageHeaders(await request.get(stylesheet))

  const missing = await request.get('/no-such-page')
  expect(missing.status()).toBe(404)
  expectPageHeaders(missing)

  const refused = await request.post(`/letters/${demoSlug}`, {
    headers: { Origin: 'https://evil.example' },
    form: { name: 'Mallory' },
  })
  expect(refused.status()).toBe(403)
  expectPageHeaders(refused)

  const tooLarge = await request.post(`/letters/${demoSlug}`, { form: { comment: 'x'.repeat(70_000) } })
  expect(tooLarge.status()).toBe(413)
  expectPageHeaders(tooLarge)
})

test('pages under /embed/ may be framed by other sites; no other page may', async ({ request }) => {
  const embed = await request.get('/embed/anything')
  expect(embed.headers()['content-security-policy']).toContain('frame-ancestors *')
  expect(embed.headers()['x-frame-options']).toBeUndefined()
  expect((await request.get('/')).headers()['x-frame-options']).toBe('DENY')
})

test('the main pages hydrate and run under the policy without a single violation', async ({
  page,
  signInAsOwner,
  createLetter,
  consoleErrors,
}) => {
  const letter = await createLetter({ moderationRequired: true })
  for (const path of ['/', `/letters/${demoSlug}`, `/letters/${demoSlug}/versions`, '/admin/sign-in']) {
    await page.goto(path)
    await expectHydrated(page)
  }
  // Client-side navigation fetches data and route modules under the same policy.
  await page.goto('/')
  await page.getByRole('link', { name: /Let Judges Judge/ }).click()
  await expect(page).toHaveURL(`/letters/${demoSlug}`)
  await expect(page.locator('.count__number')).toHaveText('150')

  const response = await page.goto('/no-such-page')
  expect(response!.status()).toBe(404)
  await expectHydrated(page)
  acceptErrorStatus(consoleErrors, 404)

  await signInAsOwner(page)
  for (const path of [
    '/admin',
    `/admin/letters/${letter.id}`,
    `/admin/letters/${letter.id}/queue`,
    `/admin/letters/${letter.id}/edit`,
    `/admin/letters/${letter.id}/audit`,
    '/admin/outbox',
  ]) {
    await page.goto(path)
    await expectHydrated(page)
  }
})

test('token pages send no referrer, and their buttons still work, with and without JavaScript', async ({
  page,
  browser,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: false })
  const { path } = await signAndReadConfirmation(page, letter.slug, {
    name: 'Referrer Tester',
    email: uniqueEmail('referrer'),
  })
  const confirmPage = await page.goto(path)
  expect(confirmPage!.headers()['referrer-policy']).toBe('no-referrer')
  await expectHydrated(page)
  // The browser now says `Origin: null` for this page's POST; Sec-Fetch-Site vouches for it.
  await page.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()

  const manageLink = /https?:\/\/\S+(\/manage\/[A-Za-z0-9_-]+)/
  const plain = await browser.newContext({ javaScriptEnabled: false })
  const plainPage = await plain.newPage()
  const second = await signAndReadConfirmation(plainPage, letter.slug, {
    name: 'Plain Referrer Tester',
    email: uniqueEmail('referrer-plain'),
  })
  const managePath = manageLink.exec(second.message.text)![1]!
  await plainPage.goto(second.path)
  await plainPage.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(plainPage.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
  const managePage = await plainPage.goto(managePath)
  expect(managePage!.headers()['referrer-policy']).toBe('no-referrer')
  await plainPage.getByRole('button', { name: 'Withdraw my signature' }).click()
  await expect(plainPage.getByRole('status')).toContainText('Your signature is withdrawn')
  await plain.close()
})

test('a form larger than the limit gets the 413 page and stores nothing', async ({
  page,
  createLetter,
  db,
  consoleErrors,
}) => {
  const letter = await createLetter()
  const email = uniqueEmail('too-large')
  await page.goto(`/letters/${letter.slug}`)
  await fillSignatureForm(page, { name: 'Verbose Signer', email })
  // A plain submission (no JavaScript handler) with 70 kB more than the form takes.
  await page.locator('form:has(#sign-letter-email)').evaluate((form: HTMLFormElement) => {
    const padding = document.createElement('input')
    padding.type = 'hidden'
    padding.name = 'padding'
    padding.value = 'x'.repeat(70_000)
    form.append(padding)
    form.submit()
  })
  await expect(page.getByRole('heading', { name: 'This form was too large' })).toBeVisible()
  await expect(page.getByText('larger than this form takes (64 kB). Nothing was saved.')).toBeVisible()
  acceptErrorStatus(consoleErrors, 413)
  const stored = await db.selectFrom('signatures').select('id').where('email', '=', email).execute()
  expect(stored).toEqual([])
})

test('a form posted from another site is refused with the 403 page', async ({
  page,
  createLetter,
  db,
  consoleErrors,
}) => {
  const letter = await createLetter()
  const email = uniqueEmail('cross-site')
  // A page on another site that posts a signature to this one, as a forged form would.
  await page.route('http://attacker.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="post" action="http://localhost:${APP_PORT}/letters/${letter.slug}">
        <input name="name" value="Forged Name"><input name="email" value="${email}">
        <input name="profession" value="Judge"><input name="organization" value="Court">
        <input name="location" value="Here"><input name="listing" value="listed">
        <button>Send</button></form>`,
    }),
  )
  await page.goto('http://attacker.test/')
  await page.getByRole('button', { name: 'Send' }).click()
  await expect(page.getByRole('heading', { name: 'This form was refused' })).toBeVisible()
  acceptErrorStatus(consoleErrors, 403)
  const stored = await db.selectFrom('signatures').select('id').where('email', '=', email).execute()
  expect(stored).toEqual([])
})
