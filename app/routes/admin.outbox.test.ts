import { describe, expect, test } from 'vitest'
import { enqueueEmail, markEmailAttemptFailed, markEmailDelivered } from '~/models/outbox.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, uniqueEmail } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './admin.outbox'

const base = 'http://localhost:3000'

const open = (cookie?: string, search = '') =>
  callRoute(
    loader,
    new Request(`${base}/admin/outbox${search}`, { headers: cookie ? { Cookie: cookie } : {} }),
    {},
  )

async function queue(to: string, subject = 'Hello') {
  return (
    await enqueueEmail(getDb(), {
      template: 'already-signed',
      to,
      subject,
      payload: {
        signerName: 'Ana',
        letterTitle: 'A letter',
        letterUrl: `${base}/letters/a`,
        standing: 'listed',
      },
      secretPayload: { manageUrl: `${base}/manage/secret` },
    })
  ).id
}

describe('the outbox list', () => {
  test('owners see every email newest first, with status, attempts and errors, but never its secrets', async () => {
    const owner = await createTestUser(getDb(), { role: 'owner' })
    const to = uniqueEmail('outbox')
    const first = await queue(to, 'First')
    const second = await queue(to, 'Second')
    const third = await queue(to, 'Third')
    await markEmailDelivered(getDb(), first, { status: 'delivered_locally', providerMessageId: null })
    await markEmailAttemptFailed(getDb(), second, {
      error: '422 validation_error: bad address',
      retryAt: null,
    })

    const page = await open(await signedInCookie(owner))
    expect(page.status).toBe(200)
    const ours = page.data.emails.filter((email: { to: string }) => email.to === to)
    expect(ours.map((email: { id: number }) => email.id)).toEqual([third, second, first])
    expect(ours[0]).toMatchObject({
      subject: 'Third',
      template: 'already-signed',
      status: 'pending',
      attempts: 0,
    })
    expect(ours[1]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: '422 validation_error: bad address',
      // Giving up erased its manage link: sending it again would send it without one.
      retry: 'links-erased',
    })
    expect(ours[2]).toMatchObject({ status: 'delivered_locally', retry: 'not-failed' })
    expect(ours[2].sent).toMatch(/UTC$/)
    expect(JSON.stringify(page.data)).not.toContain('/manage/secret')
  })

  test('filters by status and pages with a keyset cursor', async () => {
    const owner = await createTestUser(getDb(), { role: 'owner' })
    const cookie = await signedInCookie(owner)
    const to = uniqueEmail('paging')
    for (let index = 0; index < 55; index++) {
      const id = await queue(to, `Message ${index}`)
      await markEmailAttemptFailed(getDb(), id, { error: 'timeout', retryAt: null })
    }
    const failed = await open(cookie, '?status=failed')
    expect(failed.data.status).toBe('failed')
    expect(failed.data.emails).toHaveLength(50)
    expect(failed.data.emails.every((email: { status: string }) => email.status === 'failed')).toBe(true)
    expect(failed.data.emails[0].subject).toBe('Message 54')
    const older = await open(cookie, `?status=failed&before=${failed.data.nextCursor}`)
    expect(older.data.emails.length).toBeGreaterThanOrEqual(5)
    expect(older.data.emails[0].subject).toBe('Message 4')

    const pending = await open(cookie, '?status=pending')
    expect(pending.data.emails.some((email: { to: string }) => email.to === to)).toBe(false)
    // An unknown status shows everything instead of failing.
    const unknown = await open(cookie, '?status=lost&before=x')
    expect(unknown.status).toBe(200)
    expect(unknown.data.status).toBeNull()
  })

  test('a member who is not an owner gets 403, even as an organizer; signed out goes to sign-in', async () => {
    const letter = await createTestLetter(getDb())
    const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
    expect((await open(await signedInCookie(organizer))).status).toBe(403)
    const signedOut = await open()
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('Location')).toBe('/admin/sign-in?redirectTo=%2Fadmin%2Foutbox')
  })
})
