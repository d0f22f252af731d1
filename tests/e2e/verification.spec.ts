import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { createTestSignature } from '../factories'
import { expect, test } from './fixtures'

async function verifyInQueue(page: Page, letterId: number, name: string, evidence: string) {
  await page.goto(`/admin/letters/${letterId}/queue`)
  const row = page.getByRole('row', { name: new RegExp(name) })
  await expect(row).toContainText('Email confirmed')
  await row.getByText('Verify…').click()
  await row.getByLabel('Evidence (a URL or a note)').fill(evidence)
  await row.getByRole('button', { name: `Verify ${name}` }).click()
  await expect(page.getByRole('status').first()).toContainText('Signature verified by a moderator.')
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Verified by a moderator')
}

async function expectBadge(page: Page, slug: string, name: string, evidence: string) {
  await page.goto(`/letters/${slug}`)
  const entry = page.locator('.signatory').filter({ hasText: name })
  const badge = entry.getByText('Verified public defender')
  await expect(badge).toBeVisible()
  await badge.click()
  await expect(entry).toContainText(`Checked by the organizers, ${new Date().toISOString().slice(0, 10)}`)
  await expect(page.locator('body')).not.toContainText(evidence)
  // The unverified signatory has no badge.
  await expect(page.locator('.signatory').filter({ hasText: 'Plain Signer' })).not.toContainText('Verified')
}

test('a moderator verifies a signature with a note; the letter shows the badge', async ({
  signInAsOwner,
  page,
  db,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: true })
  await createTestSignature(db, letter, { status: 'approved', name: 'Badge Holder' })
  await createTestSignature(db, letter, { status: 'approved', name: 'Plain Signer' })
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue?status=approved`)
  const row = page.getByRole('row', { name: /Badge Holder/ })
  await row.getByText('Verify…').click()
  // Evidence is required: the browser keeps the empty form from leaving.
  await row.getByRole('button', { name: 'Verify Badge Holder' }).click()
  await expect(row.getByLabel('Evidence (a URL or a note)')).toBeFocused()
  await row.getByLabel('Evidence (a URL or a note)').fill('Called the county office: on staff')
  await row.getByRole('button', { name: 'Verify Badge Holder' }).click()
  await expect(row).toContainText('Verified by a moderator')

  await expectBadge(page, letter.slug, 'Badge Holder', 'Called the county office')
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('verify with a plain form, and the badge opens', async ({ signInAsOwner, page, db, createLetter }) => {
    const letter = await createLetter({ moderationRequired: true })
    await createTestSignature(db, letter, { status: 'confirmed', name: 'Plain Verified' })
    await createTestSignature(db, letter, { status: 'approved', name: 'Plain Signer' })
    await signInAsOwner(page)
    await verifyInQueue(page, letter.id, 'Plain Verified', 'https://example.org/roster#plain')
    await page
      .getByRole('row', { name: /Plain Verified/ })
      .getByRole('button', { name: 'Approve' })
      .click()
    await expect(page.getByRole('status').first()).toContainText('1 signature approved.')
    await expectBadge(page, letter.slug, 'Plain Verified', 'example.org/roster')
  })
})
