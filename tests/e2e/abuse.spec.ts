import type { Page } from '@playwright/test'
import type { DB } from '#db/database'
import { upsertMembership } from '~/models/letter-member.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { findOrCreateUser } from '~/models/user.server'
import { createTestSignature } from '../factories'
import {
  confirmationFrom,
  expect,
  fillSignatureForm,
  readEmails,
  signInByEmail,
  test,
  uniqueEmail,
} from './fixtures'

// Issue 5: suspected signatures are released or discarded by a moderator; a busy source is blocked
// from the trends, and what it sends next waits under Suspected while its signer notices nothing.
// The e2e server keeps the default rate limits, so quarantined rows are made here, as screening
// stores them.

async function signInAsMember(page: Page, db: DB, letterId: number, role: 'organizer' | 'moderator') {
  const { user } = await findOrCreateUser(db, {
    email: uniqueEmail(role),
    displayName: `Test ${role}`,
    role: 'member',
  })
  await upsertMembership(db, { letterId, userId: user.id, role, invitedByUserId: null })
  await signInByEmail(page, user.email)
  return user
}

/** What the signer reads after pressing "Sign this letter", with their own address taken out. */
async function signAndReadAnswer(page: Page, slug: string, name: string, email: string) {
  await page.goto(`/letters/${slug}`)
  await fillSignatureForm(page, { name, email })
  await page.getByRole('button', { name: 'Sign this letter' }).last().click()
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
  return {
    url: new URL(page.url()).pathname,
    text: (await page.locator('main').innerText()).replace(email, '<email>'),
  }
}

test('a moderator releases one suspected signature, whose signer then confirms, and discards another without JavaScript', async ({
  page,
  consoleErrors,
  browser,
  db,
  createLetter,
}) => {
  const letter = await createLetter({ moderationRequired: true, title: `Held back ${uniqueEmail('t')}` })
  const releasedEmail = uniqueEmail('released')
  await createTestSignature(db, letter, {
    name: 'Ingrid Halvorsen-Ito',
    email: releasedEmail,
    clientIp: '203.0.113.7',
    quarantineReason: 'ip-burst-limit',
  })
  await createTestSignature(db, letter, {
    name: 'Totally Real Judge',
    clientIp: '203.0.113.8',
    quarantineReason: 'blocked-domain',
  })

  await signInAsMember(page, db, letter.id, 'moderator')
  await page.goto(`/admin/letters/${letter.id}/queue`)
  await page.getByRole('link', { name: /Suspected\s*2/ }).click()
  await expect(page.getByRole('heading', { name: /Suspected signatures/ })).toBeVisible()
  const kept = page.getByRole('row', { name: /Ingrid Halvorsen-Ito/ })
  await expect(kept).toContainText('Too many signatures from one address within a minute')
  await expect(kept).toContainText('203.0.113.0/24')
  // A moderator sees the domain, never the address.
  await expect(kept).toContainText('example.org')
  await expect(kept).not.toContainText(releasedEmail)

  await kept.getByRole('button', { name: 'Release Ingrid Halvorsen-Ito' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Released 1 signature' })).toBeVisible()
  await expect(kept).toHaveCount(0)

  // The signer gets the confirmation email only now, and confirms as anyone does.
  const [message] = await readEmails(releasedEmail)
  const signer = await browser.newPage()
  await signer.goto(confirmationFrom(message!).path)
  await signer.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(signer.getByText('awaiting review')).toBeVisible()
  await signer.close()

  // The same page without JavaScript (the app's scripts blocked from here on): plain form posts.
  await page.route(/\/build\/.*\.js$/, (route) => route.abort())
  await page.reload()
  // "Select all" exists only once React runs: its absence shows the page is plain HTML now.
  await expect(page.getByRole('row', { name: /Totally Real Judge/ })).toBeVisible()
  await expect(page.getByRole('checkbox', { name: 'Select all shown' })).toHaveCount(0)
  const fake = page.getByRole('row', { name: /Totally Real Judge/ })
  await expect(fake).toContainText('Blocked email domain')
  await fake.getByRole('button', { name: 'Discard Totally Real Judge' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Discarded 1 signature as fake' })).toBeVisible()
  await expect(page.getByText('Nothing is held back.')).toBeVisible()

  await page.goto(`/admin/letters/${letter.id}/queue?status=rejected`)
  await expect(page.getByRole('row', { name: /Totally Real Judge/ })).toContainText(
    'Rejected: Fake or impersonation',
  )
  await page.goto(`/admin/letters/${letter.id}/queue`)
  await expect(page.getByRole('row', { name: /Ingrid Halvorsen-Ito/ })).toBeVisible()
  // Only the blocked scripts may have logged errors.
  const others = consoleErrors.filter((message) => !message.includes('net::ERR_FAILED'))
  consoleErrors.splice(0, consoleErrors.length, ...others)
})

test('an organizer rejects and blocks a busy domain from the trends; what it sends next waits under Suspected, and its signer sees the usual page', async ({
  page,
  browser,
  db,
  signInAsOwner,
  createLetter,
}) => {
  const letter = await createLetter({ title: `Under attack ${uniqueEmail('t')}` })
  const botDomain = `bots-${uniqueEmail('d').slice(2, 10)}.example`
  for (let index = 0; index < 3; index++) {
    await createTestSignature(db, letter, {
      status: 'approved',
      name: `Bot Signer ${index}`,
      email: `bot${index}@${botDomain}`,
      clientIp: `198.51.100.${index + 1}`,
    })
  }
  await createTestSignature(db, letter, { status: 'approved', name: 'Honest Signer', clientIp: '192.0.2.1' })

  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/protection`)
  await expect(page.getByRole('heading', { name: 'Recent activity' })).toBeVisible()
  await page.getByLabel('Busiest sources in the last').selectOption('24')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/hours=24/)
  const domains = page.getByRole('region', { name: /Busiest email domains, last 24 hours/ })
  const busy = domains.getByRole('row', { name: new RegExp(botDomain.replace(/\./g, '\\.')) })
  await expect(busy).toContainText('3')

  // Block it: only what comes next is held.
  await busy.getByRole('button', { name: `Block ${botDomain}` }).click()
  await expect(page.getByRole('status').filter({ hasText: `Blocked ${botDomain}` })).toBeVisible()
  await expect(busy).toContainText('Blocked')
  await expect(
    page.getByRole('row', { name: new RegExp(`${botDomain.replace(/\./g, '\\.')}.*Email domain`) }),
  ).toBeVisible()

  // What already came in: the link opens the queue filtered on the domain; reject all 3 after confirming.
  await busy.getByRole('link', { name: `${botDomain}: review in the queue` }).click()
  await expect(page).toHaveURL(
    new RegExp(`/queue\\?status=approved&domain=${botDomain.replace(/\./g, '\\.')}`),
  )
  await expect(page.getByRole('row', { name: /Bot Signer/ })).toHaveCount(3)
  await page.getByRole('link', { name: 'Reject all matching…' }).click()
  const confirmation = page.getByRole('region', { name: /Reject all 3 signatures matching this filter/ })
  await confirmation.getByLabel('Reason').selectOption('fake')
  await confirmation.getByRole('button', { name: 'Reject 3' }).click()
  await expect(page.getByText('3 signatures rejected.')).toBeVisible()
  await expect(page.getByRole('row', { name: /Honest Signer/ })).toHaveCount(0)

  // Two new signers: one from the blocked domain, one not. Their pages read the same.
  const blockedEmail = `new-bot@${botDomain}`
  const blockedSigner = await browser.newPage()
  const blockedAnswer = await signAndReadAnswer(blockedSigner, letter.slug, 'Another Bot', blockedEmail)
  await blockedSigner.close()
  const honestEmail = uniqueEmail('honest')
  const honestSigner = await browser.newPage()
  const honestAnswer = await signAndReadAnswer(honestSigner, letter.slug, 'Another Honest', honestEmail)
  await honestSigner.close()
  expect(blockedAnswer).toEqual(honestAnswer)
  await readEmails(honestEmail)
  // The blocked one's email was never even queued.
  expect(await listOutboxEmailsTo(db, blockedEmail)).toEqual([])

  await page.goto(`/admin/letters/${letter.id}/suspected`)
  const held = page.getByRole('row', { name: /Another Bot/ })
  await expect(held).toContainText('Blocked email domain')
  // Organizers see the whole address.
  await expect(held).toContainText(blockedEmail)
  await expect(page.getByRole('row', { name: /Another Honest/ })).toHaveCount(0)
})
