import { upsertMembership } from '~/models/letter-member.server'
import { findOrCreateUser } from '~/models/user.server'
import {
  acceptErrorStatus,
  expect,
  ignoreSandboxedFrameNotices,
  readEmails,
  signInByEmail,
  test,
  uniqueEmail,
} from './fixtures'

test('an owner invites a moderator, who signs in through the invitation and cannot manage the team', async ({
  page,
  browser,
  signInAsOwner,
  consoleErrors,
}) => {
  await signInAsOwner(page)
  const letterLink = page.getByRole('link', { name: /Let Judges Judge/ })
  const letterPath = await letterLink.getAttribute('href')
  const letterId = /\/admin\/letters\/(\d+)/.exec(letterPath ?? '')?.[1]
  expect(letterId, 'the demo letter is listed on /admin').toBeTruthy()

  // Invite a moderator from the letter's team tab.
  await page.goto(`/admin/letters/${letterId}/team`)
  await expect(page.getByRole('heading', { name: 'Team' })).toBeVisible()
  const moderatorEmail = uniqueEmail('moderator')
  await page.getByLabel('Email address').fill(moderatorEmail)
  await page.getByLabel(/^Name/).fill('Maren Oduya')
  await page.getByRole('radio', { name: /^Moderator/ }).check()
  await page.getByRole('button', { name: 'Send the invitation' }).click()
  await expect(page.getByRole('status')).toContainText(`${moderatorEmail} is now a moderator of this letter`)
  const row = page.getByRole('row').filter({ hasText: moderatorEmail })
  await expect(row).toContainText('Maren Oduya')
  await expect(row).toContainText('never')
  await expect(page.getByLabel('Email address')).toHaveValue('')

  // The invitation arrives and signs the moderator in, in a browser of their own.
  const [invitation] = await readEmails(moderatorEmail)
  expect(invitation!.subject).toMatch(/^You are invited to moderate “Let Judges Judge/)
  expect(invitation!.text).toContain('Test Owner added you as a moderator')
  const link = /https?:\/\/\S+\/admin\/sign-in\/[A-Za-z0-9_-]+/.exec(invitation!.text)?.[0]
  expect(link, 'a sign-in link in the invitation').toBeTruthy()

  const moderatorContext = await browser.newContext()
  const moderatorPage = await moderatorContext.newPage()
  const moderatorConsole: string[] = []
  moderatorPage.on('console', (message) => {
    if (message.type() === 'error') moderatorConsole.push(message.text())
  })
  await moderatorPage.goto(new URL(link!).pathname)
  await expect(moderatorPage.getByText('Welcome back, Maren Oduya.')).toBeVisible()
  await moderatorPage.getByRole('button', { name: 'Sign in' }).click()
  await expect(moderatorPage).toHaveURL(/\/admin$/)
  const moderatorLetters = moderatorPage.getByRole('row').filter({ hasText: 'Let Judges Judge' })
  await expect(moderatorLetters).toContainText('moderator')
  await expect(moderatorPage.getByRole('link', { name: 'Outbox' })).toHaveCount(0)

  // No team tab for a moderator, and the address itself answers 403.
  const response = await moderatorPage.goto(`/admin/letters/${letterId}/team`)
  expect(response!.status()).toBe(403)
  await expect(moderatorPage.getByRole('heading', { name: 'Only organizers manage the team' })).toBeVisible()
  acceptErrorStatus(moderatorConsole, 403)
  expect(moderatorConsole, 'the moderator’s console stays clean').toEqual([])
  await moderatorContext.close()

  // The owner reads the invitation in the outbox.
  await page.getByRole('link', { name: 'Outbox' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible()
  await page.getByRole('link', { name: `Read “${invitation!.subject}” to ${moderatorEmail}` }).click()
  await expect(page.getByRole('heading', { level: 1, name: invitation!.subject })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: moderatorEmail })).toBeVisible()
  // Resend accepted it, so its link is no longer stored: the page says so.
  await expect(page.getByRole('note')).toContainText('links and codes are no longer stored')
  // Rendered into a sandboxed frame: no scripts, no forms, no access to this page.
  // The message is its own document, whose policy allows its inline styles and no script.
  const preview = page.locator('iframe.email-preview')
  await expect(preview).toHaveAttribute('src', /^\/admin\/outbox\/\d+\/preview$/)
  await expect(preview).toHaveAttribute('sandbox', '')
  const message = page.frameLocator('iframe.email-preview')
  await expect(message.getByRole('heading', { level: 1, name: 'You are invited' })).toBeVisible()
  // Styled inline as the recipient sees it: the heading's inline font size took effect.
  await expect(message.getByRole('heading', { level: 1 })).toHaveCSS('font-size', '24px')
  await expect(page.locator('pre.email-text')).toContainText('Test Owner added you as a moderator')
  await expect(page.locator('pre.email-text')).toContainText('[link erased]')

  // And the letter's audit log records the invitation.
  await page.goto(`/admin/letters/${letterId}/audit`)
  const event = page.getByRole('row').filter({ hasText: 'Invited a team member' }).first()
  await expect(event).toContainText(moderatorEmail)
  await expect(event).toContainText('Test Owner')
  await expect(event).toContainText('moderator')
  // The message page was left above, so no notice from its frame can come after this.
  ignoreSandboxedFrameNotices(consoleErrors)
})

test('the team page works without JavaScript: invite, then the only organizer is told why they cannot leave', async ({
  browser,
  db,
  createLetter,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  const organizerEmail = uniqueEmail('organizer')
  const letter = await createLetter()
  const { user } = await findOrCreateUser(db, { email: organizerEmail, displayName: 'Ola Organizer' })
  await upsertMembership(db, {
    letterId: letter.id,
    userId: user.id,
    role: 'organizer',
    invitedByUserId: null,
  })

  await signInByEmail(page, organizerEmail)
  await page.goto(`/admin/letters/${letter.id}/team`)
  await page.getByRole('button', { name: 'Remove yourself from the team' }).click()
  await expect(page.getByRole('alert')).toContainText('This is the letter’s only organizer')
  // Submitted empty: the server answers with field errors.
  await page.getByRole('button', { name: 'Send the invitation' }).click()
  await expect(page.getByText('Enter their email address')).toBeVisible()
  const invitee = uniqueEmail('nojs')
  await page.getByLabel('Email address').fill(invitee)
  await page.getByRole('radio', { name: /^Organizer/ }).check()
  await page.getByRole('button', { name: 'Send the invitation' }).click()
  await expect(page.getByRole('status')).toContainText(`${invitee} is now an organizer`)
  await expect(page.getByRole('row').filter({ hasText: invitee })).toBeVisible()
  await readEmails(invitee)
  await context.close()
})
