import { createHash } from 'node:crypto'
import { CACHED_APP_PORT } from '../../playwright.config'
import { expect, test } from './fixtures'

// The second server of the run keeps public answers (server/public-cache.js, ADR 014). A kept page
// is sent again without its one-time nonce: its policy names the hashes of its own scripts, and
// the page must still hydrate and run under that policy with a clean console (the fixture checks).

const cachedOrigin = `http://localhost:${CACHED_APP_PORT}`
const demoLetter = `${cachedOrigin}/letters/let-judges-judge-california`

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

test('a crowd gets the kept page, whose policy allows exactly its own inline scripts', async ({
  request,
}) => {
  await request.get(demoLetter)
  const kept = await request.get(demoLetter)
  const policy = kept.headers()['content-security-policy']!
  expect(kept.headers()['age']).toMatch(/^\d+$/)
  expect(policy).not.toContain('nonce-')
  const html = await kept.text()
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
    ([, attributes]) => !attributes!.includes('src='),
  )
  expect(inline.length).toBeGreaterThan(0)
  for (const [, , content] of inline) expect(policy).toContain(sha256(content!))
  expect(policy).toMatch(
    /^default-src 'self'; script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+; style-src 'self';/,
  )
})

test('a reader of the kept page gets a working page: it hydrates and navigates under the policy', async ({
  page,
}) => {
  // The browser's own Accept-Encoding: its first visit may be the render that fills the cache.
  await page.goto(demoLetter)
  const response = await page.goto(demoLetter)
  expect(response!.headers()['content-security-policy']).toContain("'sha256-")
  await expect.poll(() => page.evaluate(() => '__remixRouter' in window)).toBe(true)
  await page.getByRole('link', { name: 'Undersigned' }).first().click()
  await expect(page).toHaveURL(`${cachedOrigin}/`)
  await expect(page.getByRole('link', { name: /Let Judges Judge/ })).toBeVisible()
})

test('someone with a session (a signer, an organizer) always gets a fresh page with a nonce', async ({
  request,
}) => {
  await request.get(demoLetter)
  const fresh = await request.get(demoLetter, { headers: { cookie: '__session=anything' } })
  expect(fresh.headers()['age']).toBeUndefined()
  expect(fresh.headers()['content-security-policy']).toMatch(/'nonce-[A-Za-z0-9+/]+=*'/)
})
