import { describe, expect, test } from 'vitest'
import type { User } from '#db/schema'
import {
  enqueueEmail,
  getOutboxEmail,
  markEmailAttemptFailed,
  markEmailDelivered,
} from '~/models/outbox.server'
import { checkSignInToken } from '~/models/sign-in-token.server'
import { emailSignInLink } from '~/services/sign-in.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, formRequest, uniqueEmail } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.outbox_.$emailId'
import { loader as previewLoader } from './admin.outbox_.$emailId_.preview'

const base = 'http://localhost:3000'
const url = (id: number | string) => `${base}/admin/outbox/${id}`

const open = (id: number | string, cookie?: string) =>
  callRoute(loader, new Request(url(id), { headers: cookie ? { Cookie: cookie } : {} }), {
    emailId: String(id),
  })
const preview = (id: number | string, cookie?: string) =>
  callRoute(previewLoader, new Request(`${url(id)}/preview`, { headers: cookie ? { Cookie: cookie } : {} }), {
    emailId: String(id),
  })
const retry = (id: number | string, cookie?: string, fields: Record<string, string> = { intent: 'retry' }) =>
  callRoute(action, formRequest(url(id), fields, cookie ? { Cookie: cookie } : {}), { emailId: String(id) })

async function signInEmail(user: User) {
  await getDb()
    .transaction()
    .execute((trx) =>
      emailSignInLink(trx, user, base, { letterTitle: 'A letter', role: 'a moderator', invitedBy: 'Ana' }),
    )
  const row = await getDb()
    .selectFrom('email_outbox')
    .selectAll()
    .where('to_address', '=', user.email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  return row
}

async function ownerCookie() {
  const owner = await createTestUser(getDb(), { role: 'owner' })
  return { owner, cookie: await signedInCookie(owner) }
}

describe('reading one email', () => {
  test('a locally delivered message renders with its working link, for the local organizer to follow', async () => {
    const { cookie } = await ownerCookie()
    const invitee = await createTestUser(getDb(), { email: uniqueEmail('invitee') })
    const email = await signInEmail(invitee)
    await markEmailDelivered(getDb(), email.id, { status: 'delivered_locally', providerMessageId: null })
    const { signInUrl } = JSON.parse(email.secret_payload!) as { signInUrl: string }

    const page = await open(email.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({
      secretsErased: false,
      renderError: null,
      retry: 'not-failed',
      links: [signInUrl],
      email: { id: email.id, subject: 'You are invited to moderate “A letter”', status: 'delivered_locally' },
    })
    expect(page.data.hasHtml).toBe(true)
    const html = await preview(email.id, cookie)
    expect(html.status).toBe(200)
    expect(html.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(html.headers.get('Cache-Control')).toBe('no-store')
    expect(html.data).toContain(signInUrl)
    expect(page.data.text).toContain(signInUrl)
    expect(page.data.email).not.toHaveProperty('secret_payload')
    expect(page.data.email).not.toHaveProperty('idempotency_key')
  })

  test('a message whose links were erased says so instead of failing', async () => {
    const { cookie } = await ownerCookie()
    const invitee = await createTestUser(getDb(), { email: uniqueEmail('sent') })
    const email = await signInEmail(invitee)
    await markEmailDelivered(getDb(), email.id, { status: 'sent', providerMessageId: 'msg_1' })

    const page = await open(email.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data.secretsErased).toBe(true)
    expect(page.data.links).toEqual([])
    expect(page.data.text).toContain('[link erased]')
    const html = await preview(email.id, cookie)
    expect(html.data).toContain('[link erased]')
    expect(html.data).not.toContain('/admin/sign-in/')
  })

  test('a message with an unknown template is shown without its body', async () => {
    const { cookie } = await ownerCookie()
    const { id } = await enqueueEmail(getDb(), {
      template: 'retired-template',
      to: uniqueEmail(),
      subject: 'Old',
      payload: {},
    })
    const page = await open(id, cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ hasHtml: false, text: null })
    expect(page.data.renderError).toContain('Unknown email template')
    expect((await preview(id, cookie)).status).toBe(404)
  })

  test('unknown or malformed ids are 404s', async () => {
    const { cookie } = await ownerCookie()
    expect((await open(987_654, cookie)).status).toBe(404)
    expect((await open('abc', cookie)).status).toBe(404)
    expect((await preview(987_654, cookie)).status).toBe(404)
    expect((await preview('abc', cookie)).status).toBe(404)
    expect((await retry(987_654, cookie)).status).toBe(404)
  })

  test('only owners read and retry: members get 403, signed-out requests go to sign-in', async () => {
    const letter = await createTestLetter(getDb())
    const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
    const email = await signInEmail(organizer)
    await markEmailAttemptFailed(getDb(), email.id, { error: 'timeout', retryAt: null })
    const cookie = await signedInCookie(organizer)
    expect((await open(email.id, cookie)).status).toBe(403)
    expect((await preview(email.id, cookie)).status).toBe(403)
    expect((await retry(email.id, cookie)).status).toBe(403)
    expect((await getOutboxEmail(getDb(), email.id))!.status).toBe('failed')
    const signedOut = await retry(email.id)
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('Location')).toMatch(/^\/admin\/sign-in\?redirectTo=/)
  })
})

describe('retrying a failed email', () => {
  test('a failed sign-in link goes back in the queue with a fresh, working link, and is audited', async () => {
    const { owner, cookie } = await ownerCookie()
    const letter = await createTestLetter(getDb())
    const invitee = await createTestUser(getDb(), { email: uniqueEmail('retry') })
    const email = await signInEmail(invitee)
    await getDb()
      .updateTable('email_outbox')
      .set({ letter_id: letter.id })
      .where('id', '=', email.id)
      .execute()
    await markEmailAttemptFailed(getDb(), email.id, { error: '503 outage', retryAt: null })
    expect((await getOutboxEmail(getDb(), email.id))!.secret_payload).toBeNull()

    const before = Date.now()
    const response = await retry(email.id, cookie, {
      intent: 'retry',
      returnTo: '/admin/outbox?status=failed',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/admin/outbox?status=failed')

    const row = (await getOutboxEmail(getDb(), email.id))!
    expect(row.status).toBe('pending')
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(new Date(row.next_attempt_at).getTime()).toBeLessThanOrEqual(Date.now())
    const { signInUrl } = JSON.parse(row.secret_payload!) as { signInUrl: string }
    const check = await checkSignInToken(getDb(), signInUrl.split('/admin/sign-in/')[1]!)
    expect(check.kind).toBe('valid')

    const [event] = await getDb()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'email.retried')
      .where('letter_id', '=', letter.id)
      .execute()
    expect(event).toMatchObject({ actor_user_id: owner.id })
    expect(JSON.parse(event!.before!)).toMatchObject({ status: 'failed', lastError: '503 outage' })
    expect(JSON.parse(event!.after!)).toMatchObject({ status: 'pending' })
    // Every member of the letter reads its log: the message is named by number, not recipient.
    expect(JSON.parse(event!.before!)).toMatchObject({ email: `#${email.id}` })
    expect(`${event!.before} ${event!.after}`).not.toContain(invitee.email)

    // Pressed twice (a second tab): nothing more happens, and the page says why.
    const again = await retry(email.id, cookie)
    expect(again.status).toBe(409)
    expect(again.data.result.error[''][0]).toContain('has not failed')
  })

  test('a failed message that still holds its secrets is requeued as it was', async () => {
    const { cookie } = await ownerCookie()
    const { id } = await enqueueEmail(getDb(), {
      template: 'already-signed',
      to: uniqueEmail(),
      subject: 'Kept',
      payload: { signerName: 'Ana', letterTitle: 'A', letterUrl: `${base}/letters/a`, standing: 'listed' },
      secretPayload: { manageUrl: `${base}/manage/kept` },
    })
    await getDb()
      .updateTable('email_outbox')
      .set({ status: 'failed', attempts: 30 })
      .where('id', '=', id)
      .execute()
    const response = await retry(id, cookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/admin/outbox/${id}`)
    const row = (await getOutboxEmail(getDb(), id))!
    expect(row).toMatchObject({ status: 'pending', attempts: 30 })
    expect(JSON.parse(row.secret_payload!)).toEqual({ manageUrl: `${base}/manage/kept` })
  })

  test('a message whose links were erased is not sent without them: 409 with the reason', async () => {
    const { cookie } = await ownerCookie()
    const { id } = await enqueueEmail(getDb(), {
      template: 'confirm-signature',
      to: uniqueEmail(),
      subject: 'Confirm',
      payload: { signerName: 'Ana', letterTitle: 'A', letterUrl: `${base}/letters/a`, expiresInHours: 48 },
      secretPayload: { confirmUrl: `${base}/confirm/x`, code: '123456', manageUrl: `${base}/manage/y` },
    })
    await markEmailAttemptFailed(getDb(), id, { error: 'timeout', retryAt: null })
    const page = await open(id, cookie)
    expect(page.data.retry).toBe('links-erased')
    const response = await retry(id, cookie)
    expect(response.status).toBe(409)
    expect(response.data.result.error[''][0]).toContain('erased')
    expect((await getOutboxEmail(getDb(), id))!.status).toBe('failed')
  })

  test('a retry that is not one is a 400, and a bad body never a 500', async () => {
    const { cookie } = await ownerCookie()
    const { id } = await enqueueEmail(getDb(), {
      template: 'already-signed',
      to: uniqueEmail(),
      subject: 'x',
      payload: {},
    })
    const wrong = await retry(id, cookie, { intent: 'delete' })
    expect(wrong.status).toBe(400)
    expect(wrong.data.result.error).toMatchObject({ intent: ['Only a retry can be asked for here'] })
    const json = await callRoute(
      action,
      new Request(url(id), {
        method: 'POST',
        body: '{',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
      }),
      { emailId: String(id) },
    )
    expect(json.status).toBe(400)
  })

  test('an off-site returnTo falls back to the message', async () => {
    const { cookie } = await ownerCookie()
    const invitee = await createTestUser(getDb(), { email: uniqueEmail('redirect') })
    const email = await signInEmail(invitee)
    await markEmailAttemptFailed(getDb(), email.id, { error: 'timeout', retryAt: null })
    const response = await retry(email.id, cookie, { intent: 'retry', returnTo: '//evil.example/' })
    expect(response.headers.get('Location')).toBe(`/admin/outbox/${email.id}`)
  })
})
