import type { Page } from '@playwright/test'
import { upsertMembership } from '~/models/letter-member.server'
import { findOrCreateUser } from '~/models/user.server'
import {
  acceptErrorStatus,
  expect,
  signAndReadConfirmation,
  signInByEmail,
  test,
  uniqueEmail,
} from './fixtures'

async function openVerificationTab(page: Page, letterId: number) {
  await page.goto(`/admin/letters/${letterId}/queue`)
  await page
    .getByRole('navigation', { name: 'Letter administration' })
    .getByRole('link', { name: 'Verification' })
    .click()
  await expect(page.getByRole('heading', { name: 'Verification' })).toBeVisible()
}

test('a letter that requires a verified profession lists a signer only once a moderator has checked it', async ({
  signInAsOwner,
  page,
  browser,
  db,
  createLetter,
}) => {
  test.setTimeout(60_000)
  const letter = await createLetter({ moderationRequired: true })

  // The organizer sets the policy.
  await signInAsOwner(page)
  await openVerificationTab(page, letter.id)
  await expect(
    page.getByText('Setting NPI_REGISTRY_URL on the server enables the US NPI Registry'),
  ).toBeVisible()
  const professions = page.getByLabel('Professions that may sign')
  await professions.fill('Attorney\nPublic defender\nattorney')
  await page.getByRole('button', { name: 'Save the verification policy' }).click()
  await expect(
    page.getByText('Line 3: “attorney” is already on the list (line 1, “Attorney”).'),
  ).toBeVisible()
  await professions.fill('Attorney\nPublic defender\nLaw professor')
  await page.getByLabel(/A verified profession/).check()
  await page.getByRole('button', { name: 'Save the verification policy' }).click()
  await expect(page.getByRole('status')).toContainText('Saved.')
  await expect(professions).toHaveValue('Attorney\nPublic defender\nLaw professor')
  await expect(page.getByLabel(/A verified profession/)).toBeChecked()

  // A signer chooses among the letter's professions.
  const signer = await browser.newPage()
  await signer.goto(`/letters/${letter.slug}`)
  const choice = signer.getByLabel('Profession', { exact: true })
  await expect(choice.locator('option')).toHaveText([
    'Choose your profession',
    'Attorney',
    'Public defender',
    'Law professor',
  ])
  await expect(signer.getByText('Your name is listed once your profession is verified')).toBeVisible()
  const { path } = await signAndReadConfirmation(signer, letter.slug, {
    name: 'Imani Castellanos-Reyes',
    email: uniqueEmail('policy'),
    profession: 'Public defender',
  })
  await signer.goto(path)
  await signer.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(signer.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
  await signer.close()

  // A moderator approves it: approved, but not public, for the profession is not verified yet.
  const { user: moderator } = await findOrCreateUser(db, {
    email: uniqueEmail('moderator'),
    displayName: 'Test Moderator',
    role: 'member',
  })
  await upsertMembership(db, {
    letterId: letter.id,
    userId: moderator.id,
    role: 'moderator',
    invitedByUserId: null,
  })
  const moderatorContext = await browser.newContext()
  const moderation = await moderatorContext.newPage()
  await signInByEmail(moderation, moderator.email)
  await moderation.goto(`/admin/letters/${letter.id}/queue`)
  await expect(
    moderation
      .getByRole('navigation', { name: 'Letter administration' })
      .getByRole('link', { name: 'Verification' }),
  ).toHaveCount(0)
  const row = moderation.getByRole('row', { name: /Imani Castellanos-Reyes/ })
  await expect(row).toContainText('Public defender')
  await row.getByRole('button', { name: 'Approve' }).click()
  await expect(row).toHaveCount(0)

  await page.goto(`/letters/${letter.slug}`)
  await expect(page.getByRole('heading', { name: letter.title })).toBeVisible()
  await expect(page.locator('body')).not.toContainText('Imani Castellanos-Reyes')
  await openVerificationTab(page, letter.id)
  await expect(
    page.getByText('1 approved signature is not public because their profession is not verified'),
  ).toBeVisible()

  // The moderator records their check: the name is listed, with its badge.
  await moderation.goto(`/admin/letters/${letter.id}/queue?status=approved`)
  const approved = moderation.getByRole('row', { name: /Imani Castellanos-Reyes/ })
  await approved.getByText('Verify…').click()
  await approved.getByLabel('Evidence (a URL or a note)').fill('State bar profile checked by phone')
  await approved.getByRole('button', { name: 'Verify Imani Castellanos-Reyes' }).click()
  await expect(approved).toContainText('Verified by a moderator')
  await moderatorContext.close()

  await page.goto(`/letters/${letter.slug}`)
  const entry = page.locator('.signatory').filter({ hasText: 'Imani Castellanos-Reyes' })
  await expect(entry).toBeVisible()
  await expect(entry.getByText('Verified public defender')).toBeVisible()
  await expect(page.locator('body')).not.toContainText('State bar profile checked by phone')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the policy form re-renders refused input with its errors, then saves', async ({
    signInAsOwner,
    page,
    createLetter,
    consoleErrors,
  }) => {
    const letter = await createLetter({ moderationRequired: true })
    await signInAsOwner(page)
    await page.goto(`/admin/letters/${letter.id}/verification`)
    const professions = page.getByLabel('Professions that may sign')
    const typed = `Attorney\n${'Very long profession name '.repeat(4)}`
    await professions.fill(typed)
    await page.getByLabel(/Approve signatures whose profession is verified/).check()
    await page.getByRole('button', { name: 'Save the verification policy' }).click()
    await expect(page.getByText('Line 2 is 103 characters long; a profession has at most 80.')).toBeVisible()
    acceptErrorStatus(consoleErrors, 400)
    await expect(professions).toHaveValue(typed)
    await expect(professions).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByLabel(/Approve signatures whose profession is verified/)).toBeChecked()

    await professions.fill('Attorney\nPublic defender')
    await page.getByRole('button', { name: 'Save the verification policy' }).click()
    await expect(page.getByRole('status')).toContainText('Saved.')
    await expect(page).toHaveURL(/\/verification\?done=saved$/)

    // The signing form offers the choice without JavaScript too, and the server holds to it.
    await page.goto(`/letters/${letter.slug}`)
    await page.getByRole('button', { name: 'Sign this letter' }).last().click()
    await expect(page.getByRole('alert').first()).toContainText('Choose your profession')
    acceptErrorStatus(consoleErrors, 400)
  })
})
