import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from '@playwright/test'
import { issueManageToken } from '~/models/signature-manage-token.server'
import { requireLetterAccess } from '~/services/letter-access.server'
import { publishUpdate } from '~/services/letter-updates.server'
import { upsertMembership } from '~/models/letter-member.server'
import { findOrCreateUser } from '~/models/user.server'
import { FAKE_RESEND_PORT } from '../../playwright.config'
import { createTestSignature } from '../factories'
import { expect, fillSignatureForm, readEmails, signInByEmail, test, uniqueEmail } from './fixtures'

/** Signs and confirms in a browser of its own, ticking "Email me updates" or not. */
async function signAndConfirm(browser: Browser, slug: string, email: string, wantsUpdates: boolean) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`/letters/${slug}`)
  await fillSignatureForm(page, { name: wantsUpdates ? 'Ada Keen' : 'Bo Quiet', email })
  const updatesBox = page.getByLabel('Email me updates about this letter')
  await expect(updatesBox).not.toBeChecked()
  if (wantsUpdates) await updatesBox.check()
  await page.getByRole('button', { name: 'Sign this letter' }).click()
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
  const [confirmation] = await readEmails(email)
  const link = /https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]+/.exec(confirmation!.text)![0]
  await page.goto(new URL(link).pathname)
  await page.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
  await context.close()
}

test('an organizer publishes an update: on the page, in the feed, and emailed to the signer who asked', async ({
  page,
  browser,
  db,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: false, title: 'On sentencing & judges' })
  const keen = uniqueEmail('keen')
  const quiet = uniqueEmail('quiet')
  await signAndConfirm(browser, letter.slug, keen, true)
  await signAndConfirm(browser, letter.slug, quiet, false)

  const organizerEmail = uniqueEmail('organizer')
  const { user } = await findOrCreateUser(db, { email: organizerEmail, displayName: 'Ola Organizer' })
  await upsertMembership(db, {
    letterId: letter.id,
    userId: user.id,
    role: 'organizer',
    invitedByUserId: null,
  })
  await signInByEmail(page, organizerEmail)

  await page.goto(`/admin/letters/${letter.id}`)
  await page.getByRole('link', { name: 'Updates', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Write an update' })).toBeVisible()
  await expect(page.getByText('emails it at once to the 1 signer who asked')).toBeVisible()

  // Bad input first: the form says what is wrong and keeps what was typed.
  await page.getByLabel('Text of the update').fill('Handed to the **committee chair**.')
  await page.getByRole('button', { name: 'Publish and email' }).click()
  await expect(page.getByText('Give the update a title')).toBeVisible()
  // The live preview follows the typing.
  await expect(page.locator('.editor-pane__prose strong')).toHaveText('committee chair')

  const title = 'Delivered to the legislature <today>'
  await page.getByLabel('Title').fill(title)
  await page.getByRole('button', { name: 'Publish and email' }).click()
  await expect(page.getByRole('status')).toContainText('emailed to 1 signer.')
  await expect(page.getByRole('heading', { name: title })).toBeVisible()

  // The letter's page: the update, with its own anchor, and the feed in the head and in sight.
  await page.getByRole('link', { name: 'on the letter’s page' }).click()
  const update = page.locator('.letter-update')
  await expect(update).toHaveCount(1)
  await expect(update.getByRole('heading', { name: title })).toBeVisible()
  await expect(update.locator('strong')).toHaveText('committee chair')
  expect(await update.getAttribute('id')).toMatch(/^update-\d+$/)
  expect(new URL(page.url()).hash).toBe(`#${await update.getAttribute('id')}`)
  const feedHref = await page
    .locator('head link[rel="alternate"][type="application/atom+xml"]')
    .getAttribute('href')
  expect(feedHref).toMatch(new RegExp(`/letters/${letter.slug}/updates\\.atom$`))
  await expect(page.getByRole('link', { name: /Atom feed/ })).toHaveAttribute('href', feedHref!)

  // The feed: well-formed XML by the browser's own strict parser, with the update in it.
  const feed = await page.request.get(feedHref!)
  expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8')
  const parsed = await page.evaluate(
    (xml) => {
      const document = new DOMParser().parseFromString(xml, 'application/xml')
      const atom = 'http://www.w3.org/2005/Atom'
      const entries = [...document.getElementsByTagNameNS(atom, 'entry')]
      return {
        error: document.getElementsByTagName('parsererror')[0]?.textContent ?? null,
        root: document.documentElement.namespaceURI + ' ' + document.documentElement.localName,
        title: document.documentElement.getElementsByTagNameNS(atom, 'title')[0]?.textContent,
        entries: entries.map((entry) => ({
          title: entry.getElementsByTagNameNS(atom, 'title')[0]?.textContent,
          id: entry.getElementsByTagNameNS(atom, 'id')[0]?.textContent,
          content: entry.getElementsByTagNameNS(atom, 'content')[0]?.textContent,
        })),
      }
    },
    await feed.text(),
  )
  expect(parsed.error).toBeNull()
  expect(parsed.root).toBe('http://www.w3.org/2005/Atom feed')
  expect(parsed.title).toBe('Updates: On sentencing & judges')
  expect(parsed.entries).toEqual([
    {
      title,
      id: expect.stringMatching(/^urn:uuid:[0-9a-f-]{36}$/),
      content: '<p>Handed to the <strong>committee chair</strong>.</p>\n',
    },
  ])

  // The signer who asked gets the update, with a way to stop them; the other one does not.
  const [, updateEmail] = await readEmails(keen, 2)
  expect(updateEmail!.subject).toBe(`${title} · “On sentencing & judges”`)
  expect(updateEmail!.text).toContain('Handed to the committee chair.')
  const messagesToQuiet = await fetch(
    `http://127.0.0.1:${FAKE_RESEND_PORT}/__messages?to=${encodeURIComponent(quiet)}`,
  ).then((response) => response.json() as Promise<unknown[]>)
  expect(messagesToQuiet).toHaveLength(1)

  const stopLink = /https?:\/\/\S+\/manage\/[A-Za-z0-9_-]+#update-emails/.exec(updateEmail!.text)?.[0]
  expect(stopLink).toBeTruthy()
  const signer = await browser.newContext()
  const signerPage = await signer.newPage()
  await signerPage.goto(new URL(stopLink!).pathname + '#update-emails')
  await signerPage.getByRole('button', { name: 'Stop update emails' }).click()
  await expect(signerPage.getByRole('status')).toContainText('no more update emails')
  await expect(signerPage.getByRole('button', { name: 'Email me updates' })).toBeVisible()
  await signer.close()
})

/** No sideways scrolling and no axe-core WCAG 2 A/AA violation (as tests/e2e/look.spec.ts checks). */
async function expectAccessible(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}-phone-full.png`, fullPage: true })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0)
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('the updates on the letter page, the Updates tab and the manage page are accessible', async ({
    page,
    db,
    signInAsOwner,
    createLetter,
  }) => {
    test.setTimeout(60_000)
    const letter = await createLetter({ moderationRequired: false })
    const owner = await signInAsOwner(page)
    const access = await requireLetterAccess(db, owner, letter.id, 'edit')
    await publishUpdate(
      db,
      access,
      {
        title: 'Delivered to the legislature today',
        bodyMarkdown:
          'We handed it to the **committee chair**. [Watch the hearing](https://example.org/hearing).',
      },
      'http://localhost',
    )
    await page.goto(`/letters/${letter.slug}`)
    await expect(page.getByRole('heading', { name: 'Updates from the organizers' })).toBeVisible()
    await expectAccessible(page, 'letter-with-updates')
    await page.goto(`/admin/letters/${letter.id}/updates`)
    await expect(page.getByRole('heading', { name: 'Published updates' })).toBeVisible()
    await expectAccessible(page, 'admin-updates')
    await page.getByRole('link', { name: 'Correct “Delivered to the legislature today”' }).click()
    await expect(page.getByLabel('Title')).toHaveValue('Delivered to the legislature today')
    await page.getByLabel('Title').fill('')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect(page.getByText('Give the update a title')).toBeVisible()
    await expectAccessible(page, 'admin-updates-errors')

    const signature = await createTestSignature(db, letter, { status: 'approved', wantsUpdates: true })
    await page.goto(`/manage/${await issueManageToken(db, signature.id)}#update-emails`)
    await expect(page.getByRole('button', { name: 'Stop update emails' })).toBeVisible()
    await expectAccessible(page, 'manage-update-emails')
  })
})
