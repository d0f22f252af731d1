import type { DB } from '#db/database'
import { changeSignatureStatus } from '~/models/signature.server'
import { createTestSignature } from '../factories'
import { acceptErrorStatus, expect, signAndReadConfirmation, test, uniqueEmail } from './fixtures'

async function seedQueue(db: DB, letter: { id: number; version: { id: number } }, names: string[]) {
  for (const name of names) await createTestSignature(db, letter, { status: 'confirmed', name })
}

test('a signature confirmed by its signer is approved in the queue and appears on the letter', async ({
  signInAsOwner,
  page,
  browser,
  createLetter,
}) => {
  const letter = await createLetter({
    moderationRequired: true,
    title: `A letter to approve ${uniqueEmail('title')}`,
  })
  const signer = await browser.newPage()
  const { path } = await signAndReadConfirmation(signer, letter.slug, {
    name: 'Dolores Achebe-Lindqvist',
    email: uniqueEmail('queue'),
  })
  await signer.goto(path)
  await signer.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(signer.getByText('awaiting review')).toBeVisible()
  await signer.close()

  await signInAsOwner(page)
  await page.getByRole('link', { name: letter.title }).first().click()
  await expect(page).toHaveURL(new RegExp(`/admin/letters/${letter.id}/queue$`))
  const row = page.getByRole('row', { name: /Dolores Achebe-Lindqvist/ })
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: 'Approve' }).click()
  await expect(row).toHaveCount(0)
  await expect(page.getByRole('link', { name: /Approved 1/ })).toBeVisible()

  await page.goto(`/letters/${letter.slug}`)
  await expect(page.locator('.signatory-list')).toContainText('Dolores Achebe-Lindqvist')
  await expect(page.locator('.count__number')).toHaveText('1')
})

test('reject with a reason; the rejected tab shows it', async ({ signInAsOwner, page, db, createLetter }) => {
  const letter = await createLetter({ moderationRequired: true })
  await seedQueue(db, letter, ['Not A. Lawyer'])
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue`)
  const row = page.getByRole('row', { name: /Not A\. Lawyer/ })
  await row.getByText('Reject…').click()
  await row.getByLabel('Reason').selectOption('fake')
  await row.getByLabel('Note', { exact: true }).fill('No such bar number')
  await row.getByRole('button', { name: 'Reject Not A. Lawyer' }).click()
  await expect(row).toHaveCount(0)
  await page.getByRole('link', { name: /Rejected 1/ }).click()
  await expect(page.getByRole('row', { name: /Not A\. Lawyer/ })).toContainText(
    'Rejected: Fake or impersonation (No such bar number)',
  )
})

test('bulk-approve 500 signatures matching a filter, after confirming the number', async ({
  signInAsOwner,
  page,
  db,
  createLetter,
}) => {
  test.setTimeout(60_000)
  const letter = await createLetter({ moderationRequired: true })
  await seedQueue(
    db,
    letter,
    Array.from({ length: 500 }, (_, index) => `Bulk Signer ${index + 1}`),
  )
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue`)
  await expect(page.getByRole('link', { name: /Awaiting review 500/ })).toBeVisible()
  await page.getByLabel('Name, email or organization').fill('Bulk Signer')
  await page.getByRole('button', { name: 'Filter' }).click()
  await page.getByRole('link', { name: 'Approve all matching…' }).click()
  await expect(
    page.getByRole('heading', { name: 'Approve all 500 signatures matching this filter?' }),
  ).toBeVisible()
  await page.getByRole('button', { name: 'Approve 500' }).click()
  await expect(page.getByRole('status')).toContainText('500 signatures approved.')
  await expect(page.getByRole('link', { name: /Approved 500/ })).toBeVisible()
  await page.goto(`/letters/${letter.slug}`)
  await expect(page.locator('.count__number')).toHaveText('500')
})

test('moderate with the keyboard: j/k to move, x to select, a to approve', async ({
  signInAsOwner,
  page,
  db,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: true })
  await seedQueue(db, letter, ['Keyboard One', 'Keyboard Two', 'Keyboard Three'])
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue`)
  await page.getByRole('row', { name: /Keyboard One/ }).focus()
  await page.keyboard.press('j')
  await expect(page.getByRole('row', { name: /Keyboard Two/ })).toBeFocused()
  await page.keyboard.press('a')
  await expect(page.getByRole('row', { name: /Keyboard Two/ })).toHaveCount(0)
  // Focus moved on to the next row by itself: the keys keep working without the mouse.
  await expect(page.getByRole('row', { name: /Keyboard Three/ })).toBeFocused()
  await page.keyboard.press('k')
  await expect(page.getByRole('row', { name: /Keyboard One/ })).toBeFocused()
  await page.keyboard.press('x')
  await expect(page.getByLabel('Select Keyboard One')).toBeChecked()
  await expect(page.getByText('1 selected')).toBeVisible()
  await page.keyboard.press('j')
  await page.keyboard.press('k')
  await expect(page.getByRole('row', { name: /Keyboard One/ })).toBeFocused()
  await page.keyboard.press('r')
  await expect(page.getByRole('row', { name: /Keyboard One/ }).getByLabel('Reason')).toBeFocused()
})

test('a signature someone else decided first says so', async ({
  signInAsOwner,
  page,
  db,
  createLetter,
  consoleErrors,
}) => {
  const letter = await createLetter({ moderationRequired: true })
  await seedQueue(db, letter, ['Raced Signer'])
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/queue`)
  // Another moderator approves it first (through the model, so the counts stay right).
  const raced = await db
    .selectFrom('signatures')
    .selectAll()
    .where('letter_id', '=', letter.id)
    .executeTakeFirstOrThrow()
  await changeSignatureStatus(db, raced, 'approved')
  const row = page.getByRole('row', { name: /Raced Signer/ })
  await row.getByRole('button', { name: 'Approve' }).click()
  await expect(row.getByRole('status')).toContainText('someone else decided first')
  await page.reload()
  await expect(page.getByRole('row', { name: /Raced Signer/ })).toHaveCount(0)
  acceptErrorStatus(consoleErrors, 409)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('approve and reject with plain forms', async ({ signInAsOwner, page, db, createLetter }) => {
    const letter = await createLetter({ moderationRequired: true })
    await seedQueue(db, letter, ['Plain Approve', 'Plain Reject'])
    await signInAsOwner(page)
    await page.goto(`/admin/letters/${letter.id}/queue`)
    await page
      .getByRole('row', { name: /Plain Approve/ })
      .getByRole('button', { name: 'Approve' })
      .click()
    await expect(page.getByRole('status')).toContainText('1 signature approved.')
    await expect(page.getByRole('row', { name: /Plain Approve/ })).toHaveCount(0)

    const row = page.getByRole('row', { name: /Plain Reject/ })
    await row.getByText('Reject…').click()
    await row.getByLabel('Reason').selectOption('duplicate')
    await row.getByRole('button', { name: 'Reject Plain Reject' }).click()
    await expect(page.getByRole('status')).toContainText('1 signature rejected.')
    await expect(page.getByRole('link', { name: /Rejected 1/ })).toBeVisible()
  })

  test('select several and approve them together', async ({ signInAsOwner, page, db, createLetter }) => {
    const letter = await createLetter({ moderationRequired: true })
    await seedQueue(db, letter, ['Checked One', 'Checked Two', 'Left Alone'])
    await signInAsOwner(page)
    await page.goto(`/admin/letters/${letter.id}/queue`)
    await page.getByLabel('Select Checked One').check()
    await page.getByLabel('Select Checked Two').check()
    await page.getByRole('button', { name: 'Approve selected' }).click()
    await expect(page.getByRole('status')).toContainText('2 signatures approved.')
    await expect(page.getByRole('row', { name: /Left Alone/ })).toBeVisible()
  })
})
