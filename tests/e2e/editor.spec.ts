import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import { acceptErrorStatus, expect, test } from './fixtures'

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(
    violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`),
  ).toEqual([])
}

test('the owner creates a letter, opens it, edits its text, and readers see the versions', async ({
  signInAsOwner,
  page,
}) => {
  const suffix = randomUUID().slice(0, 6)
  const title = `Fund the public defenders ${suffix}`
  await signInAsOwner(page)

  // Create: the slug follows the title until it is typed in; the preview follows the text.
  await page.getByRole('link', { name: 'New letter' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'New letter' })).toBeVisible()
  await page.getByLabel('Title').fill(title)
  await expect(page.getByLabel('Web address')).toHaveValue(`fund-the-public-defenders-${suffix}`)
  await page.getByLabel('Addressed to').fill('To: the County Board of Supervisors')
  await page.getByLabel('Organizers’ line').fill('Organized by the Defenders’ Union')
  await page
    .getByLabel('Text of the letter')
    .fill('## Our request\n\nWe ask you to **fund** the public defenders this year.')
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('heading', { name: 'Our request' })).toBeVisible()
  await expect(preview.locator('strong')).toHaveText('fund')
  await expect(page.getByLabel(/Review each signature/)).toBeChecked()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Create the draft' }).click()

  await expect(page).toHaveURL(/\/admin\/letters\/\d+\/edit\?done=created$/)
  await expect(page.getByRole('status')).toContainText('Draft created')
  await expect(page.getByRole('heading', { name: /Status: draft/i })).toBeVisible()

  // Open it for signatures.
  await page.getByRole('button', { name: 'Open for signatures' }).click()
  await expect(page.getByRole('status')).toContainText('The letter is open')
  await expect(page.getByRole('heading', { name: /Status: open/i })).toBeVisible()

  // Edit the open letter's text: version 2 is published.
  await expect(page.getByLabel('Text of the letter')).toHaveValue(/We ask you to \*\*fund\*\*/)
  await page
    .getByLabel('Text of the letter')
    .fill('## Our request\n\nWe urge you to **fully fund** the public defenders this year.')
  await expect(preview.locator('strong')).toHaveText('fully fund')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toContainText('Version 2 of the text is now public')
  await expect(page.getByText('Version 2 of the text, published')).toBeVisible()
  await expectNoAxeViolations(page)
  await page.screenshot({ path: 'test-results/screenshots/admin-editor-desktop-full.png', fullPage: true })

  // The public page says it was edited and links to the versions.
  await page.getByRole('link', { name: 'View the public page' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.locator('.letter__meta')).toContainText('Last edited on')
  await expect(page.locator('.prose strong')).toHaveText('fully fund')
  await page.screenshot({ path: 'test-results/screenshots/letter-edited-desktop.png' })
  await page.getByRole('link', { name: 'see all versions' }).click()

  // The versions page opens on the differences between versions 1 and 2.
  await expect(page).toHaveURL(/\/letters\/fund-the-public-defenders-[a-z0-9]+\/versions$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Versions of this letter' })).toBeVisible()
  const versions = page.getByRole('list', { name: 'All versions' }).getByRole('listitem')
  await expect(versions).toHaveCount(2)
  await expect(versions.nth(1)).toContainText('Version 2 current')
  await expect(versions.nth(1)).toContainText(/SHA-256 [0-9a-f]{64}/)
  const changes = page.getByRole('region', { name: 'Changes from version 1 to version 2' })
  await expect(changes.locator('.text-diff del')).toHaveText(['[removed: ask]'])
  await expect(changes.locator('.text-diff ins')).toHaveText(['[added: urge]', '[added: fully ]'])
  await expect(changes.locator('.text-diff del .visually-hidden').first()).toHaveText('[removed: ')
  await expectNoAxeViolations(page)
  await page.screenshot({ path: 'test-results/screenshots/versions-desktop-full.png', fullPage: true })
  // On a phone the page never scrolls sideways (the long fingerprints wrap or scroll in their table).
  await page.setViewportSize({ width: 390, height: 844 })
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0)
  await page.screenshot({ path: 'test-results/screenshots/versions-phone-full.png', fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })

  // Version 1's text is still there to read.
  await page.getByRole('link', { name: 'Read version 1' }).click()
  const version1 = page.getByRole('region', { name: 'Version 1' })
  await expect(version1.locator('.prose strong')).toHaveText('fund')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('"Preview" shows the text and keeps the input; a taken address is a field error', async ({
    signInAsOwner,
    page,
    createLetter,
    consoleErrors,
  }) => {
    const taken = await createLetter()
    await signInAsOwner(page)
    await page.goto('/admin/letters/new')
    await page.getByLabel('Title').fill('A letter written without scripts')
    await page.getByLabel('Web address').fill(taken.slug)
    await page.getByLabel('Text of the letter').fill('We *really* mean it.')
    await page.getByRole('button', { name: 'Preview' }).click()

    await expect(page.getByRole('region', { name: 'Preview' }).locator('em')).toHaveText('really')
    await expect(page.getByLabel('Title')).toHaveValue('A letter written without scripts')
    await expect(page.getByLabel('Text of the letter')).toHaveValue('We *really* mean it.')

    await page.getByLabel('Addressed to').fill('To: whom it may concern')
    await page.getByLabel('Organizers’ line').fill('Organized by nobody in particular')
    await page.getByRole('button', { name: 'Create the draft' }).click()
    await expect(page.getByText('Another letter already has this address. Choose another.')).toBeVisible()
    await expect(page.getByLabel('Web address')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByLabel('Text of the letter')).toHaveValue('We *really* mean it.')
    acceptErrorStatus(consoleErrors, 400)
  })
})
