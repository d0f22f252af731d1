import { describe, expect, test } from 'vitest'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getDb } from '~/utils/db.server'
import { createTestLetter, formRequest, validSignatureForm } from '../../tests/factories'
import { callRoute, cookieFrom } from '../../tests/route-helpers'
import { action as signAction } from './letters.$slug'
import { action, loader } from './letters.$slug_.check-inbox'
import { loader as thankYouLoader } from './letters.$slug_.thank-you'

const base = 'http://localhost:3000'

/** Signs a fresh letter as a browser would, returning the session cookie and the emailed code. */
async function signedBrowser(traits: { moderationRequired?: boolean } = {}) {
  const letter = await createTestLetter(getDb(), traits)
  const form = validSignatureForm()
  const response = await callRoute(signAction, formRequest(`${base}/letters/${letter.slug}`, form), {
    slug: letter.slug,
  })
  const cookie = cookieFrom(response.headers)
  const [email] = await listOutboxEmailsTo(getDb(), form.email)
  const { code } = JSON.parse(email!.secret_payload!) as { code: string }
  return { letter, form, cookie, code }
}

const post = (slug: string, fields: Record<string, string | string[]>, cookie?: string) =>
  callRoute(
    action,
    formRequest(`${base}/letters/${slug}/check-inbox`, fields, cookie ? { Cookie: cookie } : {}),
    { slug },
  )

describe('check your inbox', () => {
  test('shows the address of this browser’s signature on this letter only', async () => {
    const { letter, form, cookie } = await signedBrowser()
    const other = await createTestLetter(getDb())
    const here = await callRoute(
      loader,
      new Request(`${base}/letters/${letter.slug}/check-inbox`, { headers: { Cookie: cookie } }),
      { slug: letter.slug },
    )
    expect(here.data.email).toBe(form.email)
    const elsewhere = await callRoute(
      loader,
      new Request(`${base}/letters/${other.slug}/check-inbox`, { headers: { Cookie: cookie } }),
      { slug: other.slug },
    )
    expect(elsewhere.data.email).toBeNull()
  })

  test('the right code confirms once and leads to a one-time thank-you page', async () => {
    const { letter, cookie, code } = await signedBrowser({ moderationRequired: true })
    const response = await post(letter.slug, { intent: 'confirm-code', code }, cookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/letters/${letter.slug}/thank-you`)

    const flashCookie = cookieFrom(response.headers)
    const thanks = await callRoute(
      thankYouLoader,
      new Request(`${base}/letters/${letter.slug}/thank-you`, { headers: { Cookie: flashCookie } }),
      { slug: letter.slug },
    )
    expect(thanks.status).toBe(200)
    expect(thanks.data.status).toBe('confirmed')
    const again = await callRoute(
      thankYouLoader,
      new Request(`${base}/letters/${letter.slug}/thank-you`, {
        headers: { Cookie: cookieFrom(thanks.headers) },
      }),
      { slug: letter.slug },
    )
    expect(again.status).toBe(302)
    expect(again.headers.get('Location')).toBe(`/letters/${letter.slug}`)

    // The code is spent: using it again is just a wrong code.
    const replay = await post(letter.slug, { intent: 'confirm-code', code }, flashCookie)
    expect(replay.status).toBe(400)
  })

  test('a wrong code says how many tries are left', async () => {
    const { letter, cookie, code } = await signedBrowser()
    const response = await post(letter.slug, { code: code === '123456' ? '654321' : '123456' }, cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error.code).toEqual([
      'That code is not right, or it has expired. 4 tries left.',
    ])
  })

  test.each([
    ['no code', {}],
    ['letters', { code: 'abcdef' }],
    ['two codes', { code: ['123456', '654321'] }],
    ['an overlong code', { code: '1'.repeat(10_000) }],
  ])('%s gets a field error, never a 500', async (_label, fields) => {
    const { letter, cookie } = await signedBrowser()
    const response = await post(letter.slug, fields as Record<string, string>, cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error.code?.length).toBeGreaterThan(0)
  })

  test('a code typed in another browser is refused with a way forward', async () => {
    const { letter, code } = await signedBrowser()
    const response = await post(letter.slug, { code })
    expect(response.status).toBe(400)
    expect(response.data.result.error['']).toEqual([
      'Codes work in the browser you signed with. Use the link in the email instead.',
    ])
  })

  test('"send it again" gives one answer whether it sent, waited or knew no signature', async () => {
    const { letter, form, cookie } = await signedBrowser()
    const tooSoon = await post(letter.slug, { intent: 'resend' }, cookie)
    const noSession = await post(letter.slug, { intent: 'resend' })
    expect(tooSoon.status).toBe(200)
    expect(noSession.status).toBe(200)
    expect(tooSoon.data.resendMessage).toBe(noSession.data.resendMessage)
    expect(await listOutboxEmailsTo(getDb(), form.email)).toHaveLength(1)

    await getDb()
      .updateTable('signatures')
      .set({ last_email_at: '2000-01-01T00:00:00.000Z' })
      .where('email', '=', form.email)
      .execute()
    const sent = await post(letter.slug, { intent: 'resend' }, cookie)
    expect(sent.data.resendMessage).toBe(noSession.data.resendMessage)
    expect(await listOutboxEmailsTo(getDb(), form.email)).toHaveLength(2)
  })

  test('an unknown letter is a 404', async () => {
    expect((await post('no-such-letter', { code: '123456' })).status).toBe(404)
  })
})
