import { describe, expect, test } from 'vitest'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { createSession, getSessionUser } from '~/models/session.server'
import { getOptionalUser, safeRedirectPath } from '~/utils/auth.server'
import { sha256Hex } from '~/utils/crypto.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { formRequest, uniqueEmail } from '../../tests/factories'
import { callRoute, cookieFrom } from '../../tests/route-helpers'
import { action as signOut } from './admin.sign-out'
import { action as requestLink } from './admin_.sign-in'
import { action as useLink, loader as openLink } from './admin_.sign-in_.$token'

const base = 'http://localhost:3000'

const ask = (email: string, redirectTo?: string) =>
  callRoute(
    requestLink,
    formRequest(`${base}/admin/sign-in`, redirectTo ? { email, redirectTo } : { email }),
    {},
  )

async function linkSentTo(email: string) {
  const emails = await listOutboxEmailsTo(getDb(), email)
  const { signInUrl } = JSON.parse(emails.at(-1)!.secret_payload!) as { signInUrl: string }
  const url = new URL(signInUrl)
  return {
    token: url.pathname.split('/').at(-1)!,
    redirectTo: url.searchParams.get('redirectTo'),
    count: emails.length,
  }
}

const press = (token: string, fields: Record<string, string> = {}, cookie?: string) =>
  callRoute(
    useLink,
    formRequest(`${base}/admin/sign-in/${token}`, fields, cookie ? { Cookie: cookie } : {}),
    { token },
  )

describe('asking for a sign-in link', () => {
  test('answers the same for a known and an unknown address; only the known one gets mail', async () => {
    const user = await createTestUser(getDb())
    const unknown = uniqueEmail('nobody')
    const known = await ask(user.email)
    const stranger = await ask(unknown)
    expect(known.status).toBe(stranger.status)
    expect(known.data.sentTo).toBe(user.email)
    expect(stranger.data.sentTo).toBe(unknown)
    expect(await listOutboxEmailsTo(getDb(), unknown)).toEqual([])
    const { token } = await linkSentTo(user.email)
    const stored = await getDb()
      .selectFrom('sign_in_tokens')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute()
    expect(stored).toEqual([{ token_hash: sha256Hex(token) }])
  })

  test('sends at most one link a minute to an address', async () => {
    const user = await createTestUser(getDb())
    await ask(user.email)
    await ask(user.email)
    expect((await linkSentTo(user.email)).count).toBe(1)
  })

  test('limits the links one client may ask for, known address or not, and answers the same past it', async () => {
    const clientIp = '192.0.2.55'
    const askFrom = (email: string) =>
      callRoute(requestLink, formRequest(`${base}/admin/sign-in`, { email }), {}, { clientIp })
    // The default limit is 20 an hour per client: probing unknown addresses uses it up too.
    for (let index = 0; index < 20; index++) await askFrom(uniqueEmail('probe'))
    const user = await createTestUser(getDb())
    const refused = await askFrom(user.email)
    expect(refused.status).toBe(200)
    expect(refused.data.sentTo).toBe(user.email)
    expect(await listOutboxEmailsTo(getDb(), user.email)).toEqual([])
    // Another client is not held back.
    await callRoute(
      requestLink,
      formRequest(`${base}/admin/sign-in`, { email: user.email }),
      {},
      {
        clientIp: '192.0.2.56',
      },
    )
    expect((await linkSentTo(user.email)).count).toBe(1)
  })

  test('a bad address is a field error', async () => {
    const response = await ask('not an address')
    expect(response.status).toBe(400)
    expect(response.data.result.error.email).toEqual(['Enter an email address like name@example.org'])
  })
})

describe('using a sign-in link', () => {
  test('opening it signs nobody in; pressing the button does, once, with a fresh session', async () => {
    const user = await createTestUser(getDb())
    await ask(user.email, '/admin/letters/7/queue?status=approved')
    const { token, redirectTo } = await linkSentTo(user.email)
    expect(redirectTo).toBe('/admin/letters/7/queue?status=approved')

    const opened = await callRoute(
      openLink,
      new Request(`${base}/admin/sign-in/${token}?redirectTo=${encodeURIComponent(redirectTo!)}`),
      { token },
    )
    expect(opened.data).toMatchObject({ kind: 'valid', redirectTo: '/admin/letters/7/queue?status=approved' })
    expect(
      await getDb().selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute(),
    ).toEqual([])

    const previous = await signedInCookie(user)
    const signedIn = await press(token, { redirectTo: redirectTo! }, previous)
    expect(signedIn.status).toBe(302)
    expect(signedIn.headers.get('Location')).toBe('/admin/letters/7/queue?status=approved')
    const setCookie = signedIn.headers.get('Set-Cookie')!
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    const cookie = cookieFrom(signedIn.headers)
    expect(cookie).not.toBe(previous)
    expect((await getOptionalUser(new Request(base, { headers: { Cookie: cookie } })))?.id).toBe(user.id)
    // The session this browser had before is gone: a new id at every sign-in.
    expect(await getOptionalUser(new Request(base, { headers: { Cookie: previous } }))).toBeNull()

    const again = await press(token)
    expect(again.status).toBe(410)
    expect(again.data.kind).toBe('used')
  })

  test('an expired link and an invented one sign nobody in', async () => {
    const user = await createTestUser(getDb())
    await ask(user.email)
    const { token } = await linkSentTo(user.email)
    await getDb()
      .updateTable('sign_in_tokens')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('user_id', '=', user.id)
      .execute()
    expect((await press(token)).data.kind).toBe('expired')
    expect((await press('made-up')).status).toBe(404)
  })

  test.each([
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/%09/evil.example',
    'https://evil.example',
    '/\n',
    'admin',
  ])('never redirects off the site: %j', async (redirectTo) => {
    const user = await createTestUser(getDb())
    await ask(user.email, redirectTo)
    const { token } = await linkSentTo(user.email)
    const response = await press(token, { redirectTo })
    expect(response.status).toBe(302)
    const location = response.headers.get('Location')!
    expect(new URL(location, base).origin).toBe(base)
  })

  test('safeRedirectPath keeps paths on this site and drops the rest', () => {
    expect(safeRedirectPath('/admin/letters/1/queue?status=rejected#top')).toBe(
      '/admin/letters/1/queue?status=rejected#top',
    )
    expect(safeRedirectPath('/%09/evil.example')).toBe('/%09/evil.example')
    for (const unsafe of [
      '//evil.example',
      '/\\evil',
      '/\t/evil',
      'https://evil.example',
      '',
      null,
      undefined,
    ]) {
      expect(safeRedirectPath(unsafe)).toBe('/admin')
    }
  })
})

describe('sessions', () => {
  test('end after the idle time or the absolute lifetime', async () => {
    const user = await createTestUser(getDb())
    const lifetime = { idleMinutes: 60, absoluteMinutes: 24 * 60 }
    const start = new Date('2030-01-01T00:00:00Z')
    const minutes = (n: number) => new Date(start.getTime() + n * 60_000)

    const idle = await createSession(getDb(), user.id, lifetime, null, start)
    expect(await getSessionUser(getDb(), idle.id, lifetime, minutes(59))).not.toBeNull()
    expect(await getSessionUser(getDb(), idle.id, lifetime, minutes(59 + 61))).toBeNull()

    const busy = await createSession(getDb(), user.id, lifetime, null, start)
    for (let minute = 50; minute < 24 * 60; minute += 50) {
      expect(await getSessionUser(getDb(), busy.id, lifetime, minutes(minute))).not.toBeNull()
    }
    expect(await getSessionUser(getDb(), busy.id, lifetime, minutes(24 * 60 + 1))).toBeNull()
  })

  test('sign out ends this session; sign out everywhere ends all of them and unused links', async () => {
    const user = await createTestUser(getDb())
    const here = await signedInCookie(user)
    const elsewhere = await signedInCookie(user)
    const signedOut = await callRoute(
      signOut,
      formRequest(`${base}/admin/sign-out`, {}, { Cookie: here }),
      {},
    )
    expect(signedOut.headers.get('Location')).toBe('/admin/sign-in')
    expect(await getOptionalUser(new Request(base, { headers: { Cookie: here } }))).toBeNull()
    expect(await getOptionalUser(new Request(base, { headers: { Cookie: elsewhere } }))).not.toBeNull()

    await ask(user.email)
    const { token } = await linkSentTo(user.email)
    const third = await signedInCookie(user)
    await callRoute(
      signOut,
      formRequest(`${base}/admin/sign-out`, { everywhere: 'yes' }, { Cookie: third }),
      {},
    )
    expect(await getOptionalUser(new Request(base, { headers: { Cookie: elsewhere } }))).toBeNull()
    expect((await press(token)).data.kind).toBe('used')
    const actions = await getDb()
      .selectFrom('audit_events')
      .select('action')
      .where('actor_user_id', '=', user.id)
      .execute()
    expect(actions.map((event) => event.action)).toEqual(['user.signed-out', 'user.signed-out-everywhere'])
  })
})
