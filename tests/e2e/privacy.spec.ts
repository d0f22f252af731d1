import { readFile } from 'node:fs/promises'
import AxeBuilder from '@axe-core/playwright'
import { acceptErrorStatus, expect, signAndReadConfirmation, test, uniqueEmail } from './fixtures'

test('an owner exports a signer’s data as a JSON file, then erases it; the public record stays', async ({
  page,
  db,
  createLetter,
  signInAsOwner,
  consoleErrors,
}) => {
  const letter = await createLetter({ moderationRequired: false, title: 'A letter on court interpreters' })
  const name = 'Ingrid Achebe-Lindqvist'
  const email = uniqueEmail('privacy')

  // A signer signs and confirms in the browser: the server records their address and client.
  const { path } = await signAndReadConfirmation(page, letter.slug, { name, email })
  await page.goto(path)
  await page.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
  await page.goto(`/letters/${letter.slug}`)
  await expect(page.locator('.signatory-list')).toContainText(name)
  await expect(page.locator('.count__number')).toHaveText('1')

  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue`)
  await page.getByRole('link', { name: 'Signer data' }).click()
  await expect(page.getByRole('heading', { name: 'Signer data' })).toBeVisible()

  await page.getByLabel('Their email address').fill(email.toUpperCase())
  await page.getByRole('button', { name: 'Find the signature' }).click()
  await expect(page.getByRole('heading', { name: new RegExp(`Signature #\\d+: ${name}`) })).toBeVisible()
  const stored = page.getByRole('table', { name: 'What is stored about this signature' })
  await expect(stored.getByRole('row', { name: /Email address/ })).toContainText('stored')
  await expect(stored.getByRole('row', { name: /Network address/ })).toContainText('stored')
  await page.screenshot({
    path: 'test-results/screenshots/admin-signer-data-found-desktop.png',
    fullPage: true,
  })
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])

  // The export is a file download, not a page.
  const downloadPromise = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download their data (JSON)' }).click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^signer-data-${letter.slug}-signature-\\d+\\.json$`),
  )
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8'))
  expect(exported).toMatchObject({
    format: 'undersigned-signer-data/1',
    letter: { slug: letter.slug },
    signature: { name, email, status: 'approved' },
  })
  expect(exported.signature.client_ip).toBeTruthy()
  expect(exported.emails.map((row: { template: string }) => row.template)).toContain('confirm-signature')
  expect(JSON.stringify(exported)).not.toMatch(/token_hash|secret_payload|\/confirm\/|\/manage\//)
  // The page is still there, with the signer's panel.
  await expect(page.getByRole('heading', { name: new RegExp(`Signature #\\d+: ${name}`) })).toBeVisible()

  // Erasing asks for the address again.
  const confirmField = page.getByLabel('Type their address again to confirm')
  await confirmField.fill(uniqueEmail('someone-else'))
  await page.getByRole('button', { name: 'Erase this signer’s data' }).click()
  await expect(page.getByText('Type the same address again to confirm').first()).toBeVisible()
  await confirmField.fill(email)
  await page.getByRole('button', { name: 'Erase this signer’s data' }).click()
  await expect(page.getByRole('status')).toContainText(`Erased the email address`)
  await expect(page.getByRole('status')).toContainText(name)
  expect(page.url()).not.toContain(encodeURIComponent(email))

  const row = await db
    .selectFrom('signatures')
    .select(['email', 'client_ip', 'erased_at'])
    .where('letter_id', '=', letter.id)
    .executeTakeFirstOrThrow()
  expect(row.email).toMatch(/^erased-\d+@erased\.invalid$/)
  expect(row.client_ip).toBeNull()
  expect(row.erased_at).toBeTruthy()

  // The address finds nothing any more.
  await page.getByLabel('Their email address').fill(email)
  await page.getByRole('button', { name: 'Find the signature' }).click()
  await expect(page.getByText('No signature of this letter uses this address').first()).toBeVisible()
  acceptErrorStatus(consoleErrors, 404)

  // The public record and the count are as they were; the audit log says what happened.
  await page.goto(`/letters/${letter.slug}`)
  await expect(page.locator('.signatory-list')).toContainText(name)
  await expect(page.locator('.count__number')).toHaveText('1')
  await page.goto(`/admin/letters/${letter.id}/audit`)
  await expect(page.getByRole('row', { name: /Erased a signer’s email/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /Exported a signer’s data/ })).toBeVisible()
  await expect(page.locator('main')).not.toContainText(email)
})

test('an owner sets the letter’s retention; a wrong value keeps what was typed and says why', async ({
  page,
  createLetter,
  signInAsOwner,
}) => {
  const letter = await createLetter({ moderationRequired: false })
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/signer-data`)
  await expect(page.getByText('Addresses are kept: there is no retention setting.')).toBeVisible()
  const days = page.getByLabel('Days after closing')
  await days.fill('9999')
  await page.getByRole('button', { name: 'Save the retention setting' }).click()
  await expect(page.getByText(/whole number of days from 1 to 3650/).first()).toBeVisible()
  await expect(days).toHaveValue('9999')
  await days.fill('60')
  await page.getByRole('button', { name: 'Save the retention setting' }).click()
  await expect(page.getByRole('status')).toContainText('erased 60 days after the letter closes')
  await expect(
    page.getByText('Addresses are erased 60 days after the letter closes; it has not closed.'),
  ).toBeVisible()
})
