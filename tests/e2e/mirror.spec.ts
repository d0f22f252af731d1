import AxeBuilder from '@axe-core/playwright'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from '@playwright/test'
import { writeMirrorDirectory } from '~/utils/mirror-disk.server'
import { createTestSignature } from '../factories'
import { unzip } from '../zip'
import { expect, test } from './fixtures'

// The signed static mirror as its readers meet it: downloaded from the share page, unpacked, put
// on a plain static server (or opened from disk), and checking itself in the browser.

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.sig': 'text/plain; charset=utf-8',
}

/** The folder on a static server of its own (a free port of 127.0.0.1), closed with the page. */
async function serveFolder(page: Page, dir: string): Promise<string> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname))
    const file = join(dir, path === '/' ? 'index.html' : path)
    try {
      const bytes = readFileSync(file)
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' })
      response.end(bytes)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  page.once('close', () => server.close())
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

test('an organizer downloads the mirror; served anywhere, it verifies itself, and a changed byte fails', async ({
  page,
  createLetter,
  db,
  signInAsOwner,
}) => {
  const letter = await createLetter({ title: 'Keep the courts open' })
  for (const name of ['Renata Solís', 'Desmond Achterberg']) {
    await createTestSignature(db, letter, { status: 'approved', name, verifiedAs: 'moderator' })
  }
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/share`)
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download the signed mirror (.zip)' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^${letter.slug}-mirror-\\d{4}-\\d{2}-\\d{2}\\.zip$`),
  )
  const zipped = unzip(readFileSync(await download.path()))
  const folder = download.suggestedFilename().replace(/\.zip$/, '')
  const files = new Map([...zipped].map(([name, bytes]) => [name.slice(folder.length + 1), bytes]))

  const dir = mkdtempSync(join(tmpdir(), 'undersigned-mirror-e2e-'))
  try {
    writeMirrorDirectory(dir, files)
    const site = await serveFolder(page, dir)
    await page.goto(site)
    await expect(page.getByRole('heading', { level: 1, name: 'Keep the courts open' })).toBeVisible()
    await expect(page.getByText('Renata Solís')).toBeVisible()
    const check = page.getByRole('status')
    await expect(check).toHaveAttribute('data-state', 'verified')
    await expect(check).toContainText('Verified: the signature holds and all 5 files match the manifest.')
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([])
    await page.setViewportSize({ width: 375, height: 800 })
    await page.screenshot({ path: 'test-results/screenshots/mirror-phone.png', fullPage: true })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow, 'the mirror scrolls sideways on a phone').toBeLessThanOrEqual(0)

    // One byte of the list's data changed on the host: the page says so, naming the file.
    const data = join(dir, 'data', 'signatories-1.json')
    const original = readFileSync(data)
    const bytes = Buffer.from(original)
    bytes[bytes.indexOf('Renata')] = 'X'.charCodeAt(0)
    writeFileSync(data, bytes)
    await page.reload()
    await expect(check).toHaveAttribute('data-state', 'failed')
    await expect(check).toContainText(
      'Not verified: data/signatories-1.json differ from the signed manifest.',
    )

    // The manifest edited to hide it: the signature no longer holds.
    writeFileSync(data, original)
    const manifestPath = join(dir, 'manifest.json')
    writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace('"instance":', '"instance" :'))
    await page.reload()
    await expect(check).toHaveAttribute('data-state', 'failed')
    await expect(check).toContainText('Not verified: manifest.json does not match its signature.')

    // Opened from disk, the page still reads, and says why it cannot check itself there.
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    await expect(page.getByText('Desmond Achterberg')).toBeVisible()
    await expect(page.getByRole('status')).toContainText(
      'Not checked: browsers do not let a page opened from disk',
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the instance publishes its mirror key at /.well-known/undersigned.json', async ({
  request,
  baseURL,
}) => {
  const response = await request.get('/.well-known/undersigned.json')
  expect(response.status()).toBe(200)
  const document = await response.json()
  expect(document).toMatchObject({
    instance: baseURL,
    mirrorSigningKeys: [{ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) }],
  })
})
