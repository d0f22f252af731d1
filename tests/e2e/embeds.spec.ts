import AxeBuilder from '@axe-core/playwright'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { readCsv } from '~/utils/csv'
import { createTestSignature } from '../factories'
import { expect, test } from './fixtures'

// What other sites get: the embed card framed by a page on another origin, the badge as an image
// there, the read API fetched from there, and the CSV downloads.

/**
 * A page on another origin that holds the given markup, from a server of its own on a free port
 * of 127.0.0.1: another origin and site than the app's localhost, and on the loopback address like
 * it, so Chromium's local-network checks (which refuse a public page's requests to loopback) stay
 * out of the way. Closed when the test ends.
 */
async function openEmbedderPage(page: Page, body: string) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    response.end(
      `<!doctype html><html lang="en"><head><title>A news site</title></head><body>${body}</body></html>`,
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  page.once('close', () => server.close())
  const { port } = server.address() as AddressInfo
  await page.goto(`http://127.0.0.1:${port}/story`)
}

function frameableAnywhere(headers: Record<string, string>): boolean {
  const policies = (headers['content-security-policy'] ?? '').split(/,\s*|\n/)
  const ancestors = policies
    .flatMap((policy) => policy.split(';'))
    .map((directive) => directive.trim())
    .filter((directive) => directive.startsWith('frame-ancestors'))
  return !headers['x-frame-options'] && ancestors.every((directive) => /\s\*(\s|$)/.test(directive))
}

test('the embed card: title, count and a sign button that opens the letter in a new tab', async ({
  page,
  createLetter,
  db,
  baseURL,
}) => {
  const letter = await createLetter({ title: 'Keep judges free to judge' })
  for (const name of ['Renata Solís', 'Desmond Achterberg']) {
    await createTestSignature(db, letter, { status: 'approved', name })
  }
  const embedUrl = `${baseURL}/embed/letters/${letter.slug}`

  const response = await page.request.get(embedUrl)
  expect(response.status()).toBe(200)
  const headers = response.headers()

  if (frameableAnywhere(headers)) {
    // server.js lets /embed/ be framed: the card works inside another site's page.
    await openEmbedderPage(
      page,
      `<h1>A story</h1><iframe src="${embedUrl}" title="Sign the open letter" width="400" height="200"></iframe>`,
    )
    const frame = page.frameLocator('iframe[title="Sign the open letter"]')
    await expect(frame.getByRole('heading', { name: 'Keep judges free to judge' })).toBeVisible()
    await expect(frame.locator('.count')).toHaveText('2 signatures')
    const sign = frame.getByRole('link', { name: /Sign this letter/ })
    await expect(sign).toHaveAttribute('target', '_blank')
    await expect(sign).toHaveAttribute('rel', 'noopener')
    const [letterPage] = await Promise.all([page.context().waitForEvent('page'), sign.click()])
    await expect(letterPage).toHaveURL(`${baseURL}/letters/${letter.slug}#sign`)
    await expect(letterPage.getByRole('heading', { level: 1 })).toHaveText(/Keep judges free to judge/)
    // The host page is untouched: the letter never opened inside the frame.
    await expect(frame.getByRole('link', { name: /Sign this letter/ })).toBeVisible()
  } else {
    // Until server.js lets /embed/ be framed, every page refuses framing, the embed too.
    expect(headers['x-frame-options']).toBe('DENY')
    await page.goto(embedUrl)
    await expect(page.getByRole('heading', { name: 'Keep judges free to judge' })).toBeVisible()
    await expect(page.locator('.count')).toHaveText('2 signatures')
    const sign = page.getByRole('link', { name: /Sign this letter/ })
    await expect(sign).toHaveAttribute('target', '_blank')
    await expect(sign).toHaveAttribute('rel', 'noopener')
    const [letterPage] = await Promise.all([page.context().waitForEvent('page'), sign.click()])
    await expect(letterPage).toHaveURL(`${baseURL}/letters/${letter.slug}#sign`)
    await expect(page).toHaveURL(embedUrl)
  }
})

test('the embed card alone: no scripts, no site chrome, accessible, at phone width too', async ({
  page,
  createLetter,
}) => {
  const letter = await createLetter({ title: 'An open letter on sentencing' })
  const scripts: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url())
  })
  for (const size of [
    { width: 420, height: 200 },
    { width: 300, height: 220 },
  ]) {
    await page.setViewportSize(size)
    await page.goto(`/embed/letters/${letter.slug}`)
    await expect(page.locator('.count')).toHaveText('0 signatures')
    await expect(page.locator('.site-header, .site-footer')).toHaveCount(0)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
    expect(violations.map((violation) => violation.id)).toEqual([])
    await page.screenshot({ path: `test-results/screenshots/embed-${size.width}.png` })
  }
  expect(scripts).toEqual([])
})

test('another site shows the badge and reads the API from the browser (CORS)', async ({
  page,
  createLetter,
  db,
  baseURL,
}) => {
  const letter = await createLetter({ title: 'Badge letter' })
  await createTestSignature(db, letter, { status: 'approved', name: 'Ines Okoro' })
  await openEmbedderPage(
    page,
    `<img id="badge" src="${baseURL}/letters/${letter.slug}/badge.svg" alt="Signature count">`,
  )
  await expect
    .poll(() => page.locator('#badge').evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBeGreaterThan(50)

  const fromTheSite = await page.evaluate(async (api) => {
    const letterResponse = await fetch(api)
    const signatures = await (await fetch(`${api}/signatures?limit=1`)).json()
    return { status: letterResponse.status, letter: await letterResponse.json(), signatures }
  }, `${baseURL}/api/letters/${letter.slug}`)
  expect(fromTheSite.status).toBe(200)
  expect(fromTheSite.letter.counts.total).toBe(1)
  expect(fromTheSite.signatures.signatories[0].name).toBe('Ines Okoro')
  expect(fromTheSite.signatures.next).toBeNull()
})

test('organizers find the snippets and both CSV downloads; readers download the public list', async ({
  page,
  signInAsOwner,
  createLetter,
  db,
}) => {
  const letter = await createLetter({ title: 'Export letter' })
  await createTestSignature(db, letter, {
    status: 'approved',
    name: '=HYPERLINK("http://evil.example")',
    email: 'listed@example.org',
  })
  await createTestSignature(db, letter, { status: 'confirmed', name: 'Awaiting Review' })

  await page.goto(`/letters/${letter.slug}`)
  const [publicDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.signatories__downloads').getByRole('link', { name: 'CSV' }).click(),
  ])
  expect(publicDownload.suggestedFilename()).toBe(`${letter.slug}-signatories.csv`)
  const publicRows = await csvRecords(await publicDownload.path())
  expect(publicRows.map((row) => row[0])).toEqual(['Name', `'=HYPERLINK("http://evil.example")`])

  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue`)
  await page.getByRole('link', { name: 'Share and export' }).click()
  await expect(page.getByRole('heading', { name: 'Put the letter on other sites' })).toBeVisible()
  await expect(page.getByLabel('Embed with a sign button')).toHaveValue(
    new RegExp(`^<iframe src="http://localhost:\\d+/embed/letters/${letter.slug}"`),
  )
  await expect(page.getByRole('img', { name: 'Signature count of Export letter' })).toBeVisible()

  const [fullDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download every signature (CSV)' }).first().click(),
  ])
  expect(fullDownload.suggestedFilename()).toMatch(
    new RegExp(`^${letter.slug}-signatures-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
  )
  const fullRows = await csvRecords(await fullDownload.path())
  expect(fullRows).toHaveLength(3)
  expect(fullRows[1]!.slice(1, 4)).toEqual([
    'approved',
    `'=HYPERLINK("http://evil.example")`,
    'listed@example.org',
  ])
  expect(fullRows[2]![1]).toBe('confirmed')

  await page.getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('rowheader', { name: /Downloaded every signature/ })).toBeVisible()
})

test('the share page at desktop and phone widths: no sideways scrolling, no axe violation', async ({
  page,
  signInAsOwner,
  createLetter,
}) => {
  const letter = await createLetter({ title: 'A letter with a rather long title on judicial discretion' })
  await signInAsOwner(page)
  for (const [name, size] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size)
    await page.goto(`/admin/letters/${letter.id}/share`)
    await expect(page.getByRole('heading', { name: 'Export the signatures' })).toBeVisible()
    await page.screenshot({ path: `test-results/screenshots/admin-share-${name}-full.png`, fullPage: true })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow, `the share page scrolls sideways at ${name} width`).toBeLessThanOrEqual(0)
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
    expect(violations.map((violation) => violation.id)).toEqual([])
  }
})

async function csvRecords(path: string) {
  const records: string[][] = []
  async function* bytes() {
    yield readFileSync(path)
  }
  for await (const record of readCsv(bytes())) records.push(record.fields)
  return records
}
