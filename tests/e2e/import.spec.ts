import { randomUUID } from 'node:crypto'
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from './fixtures'

test('an organizer uploads a CSV, maps its columns, sees the dry run, imports, and the provenance is public', async ({
  signInAsOwner,
  page,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: false })
  const tag = randomUUID().slice(0, 6)
  const first = `Ἀλέξανδρος Imported-${tag}`
  const second = `Жанна Imported-${tag}`
  const csv = [
    'Signer,Address,Job,Workplace,Town,Signed',
    `${first},alex-${tag}@example.org,Attorney,Athens Bar,Athens,2026-05-01`,
    `${second},zhanna-${tag}@example.org,Nurse,City Hospital,Kyiv,2026-05-02`,
    `Twice ${tag},ALEX-${tag}@example.org,Attorney,Athens Bar,Athens,2026-05-03`,
    `Broken ${tag},not-an-address,Attorney,Athens Bar,Athens,2026-05-04`,
  ].join('\n')

  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/share`)
  await page
    .getByRole('navigation', { name: 'Letter administration' })
    .getByRole('link', { name: 'Import' })
    .click()
  await expect(page.getByRole('heading', { name: 'Import signatures gathered elsewhere' })).toBeVisible()
  await page.getByLabel('CSV file').setInputFiles({
    name: 'petition.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  })
  await page.getByRole('button', { name: 'Upload and map the columns' }).click()

  // "Address" and "Job" are not guessed: the organizer maps them.
  await page.getByLabel('Where were these signatures gathered?').fill('Paper forms')
  await page.getByLabel('Name', { exact: true }).selectOption({ label: 'Signer' })
  await page.getByLabel('Email', { exact: true }).selectOption({ label: 'Address' })
  await page.getByLabel('Profession', { exact: true }).selectOption({ label: 'Job' })
  await page.getByLabel('Organization (optional)').selectOption({ label: 'Workplace' })
  await page.getByLabel('Location (optional)').selectOption({ label: 'Town' })
  await page.getByLabel('Signed date (optional)').selectOption({ label: 'Signed' })
  await page.getByRole('button', { name: 'Check the file (dry run)' }).click()

  const plan = page.getByRole('region', { name: 'What the import will do' })
  await expect(plan).toContainText('2 new signatures to import')
  await expect(plan).toContainText('1 row repeats an email address earlier in the file')
  await expect(plan).toContainText('1 row has errors')
  await expect(plan).toContainText('Line 5: “not-an-address” is not an email address.')

  await page.screenshot({ path: 'test-results/screenshots/admin-import-dry-run-desktop.png', fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: 'test-results/screenshots/admin-import-dry-run-phone.png', fullPage: true })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow, 'the dry run scrolls sideways on a phone').toBeLessThanOrEqual(0)
  await page.setViewportSize({ width: 1280, height: 900 })
  // The dry run's page, with its lists of skipped rows, passes axe's WCAG 2 A/AA checks.
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])

  await page.getByRole('button', { name: 'Import 2 signatures' }).click()
  await expect(page.getByRole('status')).toContainText(
    'Imported 2 signatures, listed on the public page. 2 rows were skipped.',
  )
  await page.getByRole('link', { name: 'See the public list' }).click()

  const entry = page.locator('.signatory').filter({ hasText: first })
  await expect(entry).toContainText(`imported from Paper forms on ${new Date().toISOString().slice(0, 10)}`)
  await expect(page.locator('.signatory').filter({ hasText: second })).toContainText(
    'imported from Paper forms',
  )
  await expect(page.locator('.signatory').filter({ hasText: `Twice ${tag}` })).toHaveCount(0)
})

test('a mapping that leaves out a required field re-renders with the error, without JavaScript too', async ({
  signInAsOwner,
  browser,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: false })
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/import`)
  await page.getByLabel('CSV file').setInputFiles({
    name: 'petition.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Signer,Address,Job\nAda,ada@example.org,Nurse\n'),
  })
  await page.getByRole('button', { name: 'Upload and map the columns' }).click()
  await page.getByLabel('Where were these signatures gathered?').fill('Paper forms')
  await page.getByLabel('Name', { exact: true }).selectOption({ label: 'Signer' })
  await page.getByRole('button', { name: 'Check the file (dry run)' }).click()
  await expect(page.getByText('Choose the column to read')).toHaveCount(2)
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('0')
  await expect(page.getByLabel('Where were these signatures gathered?')).toHaveValue('Paper forms')
  await context.close()
})

test('the delivery pack downloads from the Share tab as a PDF', async ({
  signInAsOwner,
  page,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: false })
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/share`)
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download the delivery pack (PDF)' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/delivery-pack-\d{4}-\d{2}-\d{2}\.pdf$/)
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-')
})
