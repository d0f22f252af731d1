import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import { insertSignatureFlag } from '~/models/signature-flag.server'
import { createTestSignature } from '../factories'
import { expect, fillSignatureForm, readEmails, confirmationFrom, test, uniqueEmail } from './fixtures'

const HEADER = 'licence_number,full_name,status,jurisdiction,admitted_on\n'

async function importRoster(page: Page, csv: string) {
  await page.getByLabel('CSV file').setInputFiles({
    name: 'roster.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  })
  await page.getByRole('button', { name: 'Import', exact: true }).click()
}

test('a roster verifies a signer; re-imported with the licence inactive, a recheck flags it and the badge goes', async ({
  signInAsOwner,
  page,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: false })
  const bar = `State Bar ${randomUUID().slice(0, 6)}`
  const signer = `Rosa Parkhurst-${randomUUID().slice(0, 4)}`
  const licence = String(100000 + Math.floor(Math.random() * 800000))

  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue`)
  await page
    .getByRole('navigation', { name: 'Letter administration' })
    .getByRole('link', { name: 'Rosters' })
    .click()
  await expect(page.getByRole('heading', { name: 'Licence rosters' })).toBeVisible()
  await expect(page.getByText('Not rechecked yet.')).toBeVisible()

  await page.getByLabel('Licensing body').fill(bar)
  await page.getByLabel('Jurisdiction').fill('California')
  await page.getByLabel('Licence number pattern').fill('^\\d{1,6}$')
  await page.getByRole('button', { name: 'Add the roster' }).click()
  await expect(page.getByRole('status').first()).toContainText(`Created the roster ${bar}`)

  await importRoster(page, `${HEADER}${licence},${signer},active,California,2010-06-01\n`)
  await expect(page.getByRole('status').first()).toContainText(`Imported 1 entries into ${bar}`)
  await expect(page.getByRole('row', { name: new RegExp(bar) })).toContainText('1')

  // A signer with that licence number signs and confirms by the emailed link.
  const email = uniqueEmail('roster')
  await page.goto(`/letters/${letter.slug}`)
  await fillSignatureForm(page, { name: signer, email })
  await page.getByLabel('Licence or bar number').fill(licence)
  await page.getByRole('button', { name: 'Sign this letter' }).click()
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
  const { path } = confirmationFrom((await readEmails(email))[0]!)
  await page.goto(path)
  await page.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()

  await page.goto(`/letters/${letter.slug}`)
  const entry = page.locator('.signatory').filter({ hasText: signer })
  const badge = entry.getByText('Verified deputy public defender')
  await expect(badge).toBeVisible()
  await badge.click()
  await expect(entry).toContainText(`${bar} roster, ${new Date().toISOString().slice(0, 10)}`)
  // How, never the evidence: the licence number stays with the organizers.
  await expect(entry).not.toContainText(licence)

  // The licensing body's next file has the licence inactive; the recheck finds it.
  await page.goto(`/admin/letters/${letter.id}/rosters`)
  await importRoster(page, `${HEADER}${licence},${signer},inactive,California,2010-06-01\n`)
  await expect(page.getByRole('status').first()).toContainText('Imported 1 entries')
  await page.getByRole('button', { name: 'Recheck licences' }).click()
  await expect(page.getByRole('status').first()).toContainText(
    'Checked 1 licence: 1 flagged (1 lost its verification).',
  )
  await expect(page.locator('#recheck-last')).toContainText('Last rechecked')

  // The queue's Flagged filter shows it, with the reason.
  await page
    .getByRole('navigation', { name: 'Letter administration' })
    .getByRole('link', { name: /Moderation/ })
    .click()
  await page.getByRole('link', { name: '1 approved' }).click()
  await expect(page.getByLabel('Flagged only')).toBeChecked()
  const row = page.getByRole('row', { name: new RegExp(signer) })
  await expect(row).toContainText(`Licence not active in the ${bar} roster (inactive)`)
  await expect(row).toContainText('its verification was withdrawn on recheck')
  await expect(row).toContainText('Email confirmed')

  await page.goto(`/letters/${letter.slug}`)
  await expect(page.locator('.signatory').filter({ hasText: signer })).toBeVisible()
  await expect(
    page.locator('.signatory').filter({ hasText: signer }).getByText('Verified deputy public defender'),
  ).toHaveCount(0)

  // A moderator who looked dismisses the flag: the row leaves the Flagged list at once.
  await page.goto(`/admin/letters/${letter.id}/queue?status=approved&flagged=1`)
  await page
    .getByRole('row', { name: new RegExp(signer) })
    .getByRole('button', { name: `Dismiss this flag on ${signer}` })
    .click()
  await expect(page.getByText('No signature here matches this filter.')).toBeVisible()
  await expect(page.getByText('Open flags:')).toHaveCount(0)
  await page.goto(`/admin/letters/${letter.id}/queue?status=approved`)
  await expect(page.getByRole('row', { name: new RegExp(signer) })).not.toContainText('Flags:')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('"Dismiss" works as a plain form', async ({ signInAsOwner, page, createLetter, db }) => {
    const letter = await createLetter({ moderationRequired: true })
    const name = `Flagged Signer ${randomUUID().slice(0, 4)}`
    const signature = await createTestSignature(db, letter, {
      status: 'confirmed',
      name,
      licenceNumber: '42',
    })
    await insertSignatureFlag(db, {
      signatureId: signature.id,
      kind: 'licence-not-found',
      detail: { number: '42', rosters: ['Test Bar'] },
    })
    await signInAsOwner(page)
    await page.goto(`/admin/letters/${letter.id}/queue`)
    await page.getByLabel('Flagged only').check()
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect(page).toHaveURL(/flagged=1/)
    const row = page.getByRole('row', { name: new RegExp(name) })
    await expect(row).toContainText('Licence number not found in the letter’s rosters')
    await row.getByRole('button', { name: `Dismiss this flag on ${name}` }).click()
    await expect(page.getByRole('status').first()).toContainText('Flag dismissed.')
    await expect(page.getByText('No signature here matches this filter.')).toBeVisible()
  })
})
