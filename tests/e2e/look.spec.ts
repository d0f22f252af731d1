import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { insertEmployerDomain } from '~/models/employer-domain.server'
import { insertSignatureFlag } from '~/models/signature-flag.server'
import { insertBlockRule } from '~/models/block-rule.server'
import { insertWatchlistName } from '~/models/watchlist.server'
import { createTestSignature } from '../factories'
import { confirmationFrom, expect, fillSignatureForm, readEmails, test, uniqueEmail } from './fixtures'

// Every page a signer or reader meets, at desktop and phone widths: screenshots to look at
// (test-results/screenshots), no sideways scrolling, and no axe-core WCAG 2 A/AA violation.

const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const

async function inspect(page: Page, name: string, viewport: keyof typeof viewports) {
  await page.screenshot({ path: `test-results/screenshots/${name}-${viewport}.png` })
  await page.screenshot({ path: `test-results/screenshots/${name}-${viewport}-full.png`, fullPage: true })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow, `${name} scrolls sideways at ${viewport} width`).toBeLessThanOrEqual(0)
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(
    violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`),
  ).toEqual([])
}

for (const [viewport, size] of Object.entries(viewports) as [
  keyof typeof viewports,
  (typeof viewports)[keyof typeof viewports],
][]) {
  test.describe(`at ${viewport} width`, () => {
    test.use({ viewport: size })

    test('reader pages', async ({ page }) => {
      await page.goto('/')
      await inspect(page, 'home', viewport)
      await page.goto('/letters/let-judges-judge-california')
      await inspect(page, 'letter', viewport)
      await page.getByRole('button', { name: 'Sign this letter' }).last().click()
      await expect(page.getByText('Enter your full name')).toBeVisible()
      await inspect(page, 'letter-with-errors', viewport)
    })

    test('server-side errors without JavaScript', async ({ browser }) => {
      // The app's scripts are blocked rather than JavaScript turned off, so axe can still run.
      const context = await browser.newContext({ viewport: size })
      const page = await context.newPage()
      await page.route(/\/build\/.*\.js$/, (route) => route.abort())
      await page.goto('/letters/let-judges-judge-california')
      await page.getByLabel('Email address').fill('not an address')
      await page.getByRole('button', { name: 'Sign this letter' }).last().click()
      await expect(page.getByRole('alert').first()).toBeFocused()
      await inspect(page, 'letter-server-errors', viewport)
      await context.close()
    })

    test('organizer pages', async ({ signInAsOwner, page, db, createLetter }) => {
      // Nine pages, each screenshotted twice and run through axe: slow on a busy 2-core machine.
      test.setTimeout(60_000)
      const letter = await createLetter({
        moderationRequired: true,
        title: 'A letter on judicial discretion',
        policy: { allowedProfessions: ['Attorney', 'Public defender'], listingRequires: 'profession' },
      })
      for (const name of ['Renata Solís', 'Desmond Achterberg', 'Marisol Oyelaran-Brandt']) {
        await createTestSignature(db, letter, { status: 'confirmed', name, licenceNumber: '123456' })
      }
      // A domain whose profession is not on the letter's list: the Verification tab points it out.
      await insertEmployerDomain(db, {
        letterId: letter.id,
        domain: 'da.example.gov',
        includeSubdomains: true,
        organization: 'Example County District Attorney',
        profession: 'Prosecutor',
        createdByUserId: null,
      })
      // Approved, one of them verified: the Verification tab says what the requirement hides.
      await createTestSignature(db, letter, { status: 'approved', name: 'Tomasz Wiśniewski' })
      await createTestSignature(db, letter, {
        status: 'approved',
        name: 'Ayo Bankole',
        verifiedAs: 'moderator',
      })
      // A flagged row, so its flags and their Dismiss buttons are looked at too.
      const [flagged] = await db
        .selectFrom('signatures')
        .select('id')
        .where('letter_id', '=', letter.id)
        .orderBy('id')
        .execute()
      await insertSignatureFlag(db, {
        signatureId: flagged!.id,
        kind: 'registry-name-mismatch',
        detail: {
          claimed: 'Renata Solís',
          registered: 'Renata Solis-Vega',
          roster: 'State Bar of California',
        },
      })
      // Something for the Suspected and Protection tabs to show.
      for (const [index, name] of ['Bartholomew Quarantino', 'Not A. Bot'].entries()) {
        await createTestSignature(db, letter, {
          name,
          clientIp: `2001:db8:abcd:12::${index + 1}`,
          email: uniqueEmail('held').replace('example.org', 'a-very-long-disposable-domain.example'),
          quarantineReason: index ? 'blocked-domain' : 'ip-burst-limit',
        })
      }
      await insertBlockRule(db, {
        letterId: letter.id,
        kind: 'domain',
        value: 'a-very-long-disposable-domain.example',
        note: 'Bot wave on Saturday',
        createdByUserId: null,
      })
      await insertWatchlistName(db, { letterId: letter.id, name: 'Barack Obama', createdByUserId: null })
      await page.goto('/admin/sign-in')
      await inspect(page, 'admin-sign-in', viewport)
      await signInAsOwner(page)
      await inspect(page, 'admin-letters', viewport)
      await page.goto(`/admin/letters/${letter.id}/queue`)
      await expect(page.getByRole('row', { name: /Renata Solís/ })).toBeVisible()
      await inspect(page, 'admin-queue', viewport)
      for (const tab of [
        'suspected',
        'protection',
        'edit',
        'domains',
        'rosters',
        'verification',
        'team',
        'audit',
        'signer-data',
      ]) {
        await page.goto(`/admin/letters/${letter.id}/${tab}`)
        await inspect(page, `admin-${tab}`, viewport)
      }
    })

    test('signer pages', async ({ page, createLetter }) => {
      const letter = await createLetter({
        moderationRequired: true,
        title: 'A letter on judicial discretion',
        policy: {
          allowedProfessions: ['Attorney', 'Deputy public defender', 'Law professor'],
          listingRequires: 'profession',
        },
      })
      const email = uniqueEmail(`look-${viewport}`)
      await page.goto(`/letters/${letter.slug}`)
      // The profession as a choice, refused while nothing is chosen.
      await page.getByLabel('Full name', { exact: true }).fill('Marisol Oyelaran-Brandt')
      await page.getByRole('button', { name: 'Sign this letter' }).last().click()
      await expect(page.getByText('Choose your profession').last()).toBeVisible()
      await page.locator('#sign').scrollIntoViewIfNeeded()
      await inspect(page, 'letter-profession-choice', viewport)
      await fillSignatureForm(page, { name: 'Marisol Oyelaran-Brandt', email })
      await page.getByRole('button', { name: 'Sign this letter' }).last().click()
      await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
      await inspect(page, 'check-inbox', viewport)

      await page.goto(confirmationFrom((await readEmails(email))[0]!).path)
      await expect(page.getByRole('heading', { name: 'Confirm your signature' })).toBeVisible()
      await inspect(page, 'confirm', viewport)
      await page.getByRole('button', { name: 'Confirm my signature' }).click()
      await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
      await inspect(page, 'thank-you', viewport)

      const manageLink = /https?:\/\/\S+\/manage\/[A-Za-z0-9_-]+/.exec(
        (await readEmails(email))[0]!.text,
      )?.[0]
      expect(manageLink, 'the confirmation email links to the manage page').toBeTruthy()
      await page.goto(new URL(manageLink!).pathname)
      await inspect(page, 'manage', viewport)
    })
  })
}
