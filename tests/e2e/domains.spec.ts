import { randomUUID } from 'node:crypto'
import { acceptErrorStatus, expect, signAndReadConfirmation, test } from './fixtures'

// Plain forms all the way: the domains page and the signing flow work without JavaScript.
test.use({ javaScriptEnabled: false })

test('an address at a listed employer domain is verified on confirmation and shows the badge', async ({
  signInAsOwner,
  page,
  createLetter,
  consoleErrors,
}) => {
  const letter = await createLetter({ moderationRequired: false })
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/edit`)
  await page
    .getByRole('navigation', { name: 'Letter administration' })
    .getByRole('link', { name: 'Domains' })
    .click()
  await expect(page.getByRole('heading', { name: 'Employer email domains' })).toBeVisible()

  // A bad domain is refused with a field error.
  await page.getByLabel('Domain', { exact: true }).fill('https://pd.example.org')
  await page.getByLabel('Organization').fill('Example County Public Defender')
  await page.getByLabel('Profession').fill('Public defender')
  await page.getByRole('button', { name: 'Add the domain' }).click()
  await expect(page.getByText('Enter the domain alone, without http:// or a path')).toBeVisible()
  acceptErrorStatus(consoleErrors, 400)

  await page.getByLabel('Domain', { exact: true }).fill('PD.example.org')
  await page.getByLabel(/Include its subdomains/).check()
  await page.getByRole('button', { name: 'Add the domain' }).click()
  await expect(page.getByRole('status').first()).toContainText('Added pd.example.org and its subdomains')
  await expect(page.getByRole('row', { name: /pd\.example\.org/ })).toContainText(
    'Example County Public Defender',
  )

  const email = `trial-${randomUUID().slice(0, 8)}@trial.pd.example.org`
  const { path } = await signAndReadConfirmation(page, letter.slug, {
    name: 'Domain Verified',
    email,
    profession: 'Lawyer',
    organization: 'Typed by hand',
  })
  await page.goto(path)
  await page.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()

  await page.goto(`/letters/${letter.slug}`)
  const entry = page.locator('.signatory').filter({ hasText: 'Domain Verified' })
  await expect(entry).toContainText('Example County Public Defender')
  const badge = entry.getByText('Verified public defender')
  await expect(badge).toBeVisible()
  await badge.click()
  await expect(entry).toContainText(`Employer email domain, ${new Date().toISOString().slice(0, 10)}`)
  // How, never the evidence: the domain entry stays with the organizers.
  await expect(entry).not.toContainText('pd.example.org')
})
