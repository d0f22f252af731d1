import { describe, expect, test } from 'vitest'
import { insertBlockRule } from '~/models/block-rule.server'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts, getPublicCounts } from '~/models/signature-count.server'
import { listOpenFlagsFor } from '~/models/signature-flag.server'
import { getSignatureById } from '~/models/signature.server'
import { insertWatchlistName } from '~/models/watchlist.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { getDb } from '~/utils/db.server'
import { createTestLetter, formRequest, uniqueEmail, validSignatureForm } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action as signAction } from '~/routes/letters.$slug'
import { isDisposableDomain, suspiciousNameReason, type AbuseLimits } from './abuse-screening.server'
import { confirmSignatureByToken, resendSignerEmail, signLetter } from './signing.server'

const generous = { max: 1000, windowMs: 60_000 }
const limits = (overrides: Partial<AbuseLimits> = {}): AbuseLimits => ({
  RATE_LIMIT_SIGN_BURST: generous,
  RATE_LIMIT_SIGN_SUSTAINED: generous,
  RATE_LIMIT_CONFIRMATION_EMAILS: generous,
  BUSY_SOURCE_FLAG: generous,
  ...overrides,
})
const at = new Date('2026-11-21T10:00:00.000Z')

async function openLetter() {
  const created = await createTestLetter(getDb(), { moderationRequired: true })
  return (await getLetterBySlug(getDb(), created.slug))!
}

const input = (overrides: Record<string, string> = {}) =>
  signLetterSchema.parse(validSignatureForm(overrides))

async function sign(
  letter: Awaited<ReturnType<typeof openLetter>>,
  options: { clientIp?: string; limits?: AbuseLimits; fields?: Record<string, string>; now?: Date } = {},
) {
  const { signatureId } = await signLetter(getDb(), letter, input(options.fields), {
    appUrl: 'http://localhost:3000',
    confirmationTtlHours: 48,
    clientIp: options.clientIp ?? '203.0.113.7',
    limits: options.limits ?? limits(),
    now: options.now ?? at,
  })
  const signature = (await getSignatureById(getDb(), signatureId))!
  const flags = await listOpenFlagsFor(getDb(), [signatureId])
  const emails = await listOutboxEmailsTo(getDb(), signature.email)
  return { signature, flags: flags.map((flag) => flag.kind), emails }
}

describe('flags from the submission itself', () => {
  test('a disposable address is flagged, subdomains included, ordinary ones are not', async () => {
    expect(isDisposableDomain('mailinator.com')).toBe(true)
    expect(isDisposableDomain('eu.mailinator.com')).toBe(true)
    expect(isDisposableDomain('example.org')).toBe(false)
    expect(isDisposableDomain('lacounty.gov')).toBe(false)
    expect(isDisposableDomain('mailinator.com.evil.example')).toBe(false)
    const letter = await openLetter()
    const { flags, emails } = await sign(letter, { fields: { email: `temp-${Date.now()}@mailinator.com` } })
    expect(flags).toEqual(['disposable-email'])
    // A flag is for moderators: the signer is still emailed.
    expect(emails).toHaveLength(1)
  })

  test.each([
    ['=HYPERLINK("http://evil.example","x")', 'contains a web address'],
    ['=1+1', 'starts with = + - or @'],
    ['+33 Jean', 'starts with = + - or @'],
    ['-Dupont', 'starts with = + - or @'],
    ['@handle', 'starts with = + - or @'],
    ['Visit www.cheap-pills.example now', 'contains a web address'],
    ['Best deals at pills.com', 'contains a web address'],
  ])('the name %o is suspicious (%s)', (name, reason) => {
    expect(suspiciousNameReason(name)).toBe(reason)
  })

  test.each(["Anne-Marie O'Neil", 'J. R. R. Tolkien', 'Zoë Nguyễn-Adams', 'Dr. Amara Okafor, Esq.'])(
    'the name %o is not',
    (name) => {
      expect(suspiciousNameReason(name)).toBeNull()
    },
  )

  test('a name on the letter’s watchlist is flagged, whatever the order or case', async () => {
    const letter = await openLetter()
    await insertWatchlistName(getDb(), { letterId: letter.id, name: 'Xi Jinping', createdByUserId: null })
    expect((await sign(letter, { fields: { name: 'JINPING, Xi' } })).flags).toEqual(['watchlist-name'])
    expect((await sign(letter, { fields: { name: 'Xi Jin' } })).flags).toEqual([])
  })

  test('a watchlisted name waits for a moderator even on a letter that needs no moderation', async () => {
    const created = await createTestLetter(getDb(), { moderationRequired: false })
    const letter = (await getLetterBySlug(getDb(), created.slug))!
    await insertWatchlistName(getDb(), { letterId: letter.id, name: 'Xi Jinping', createdByUserId: null })
    const watched = await sign(letter, { fields: { name: 'Xi Jinping' } })
    const ordinary = await sign(letter, { fields: { name: 'Mei Lin' } })
    const confirmWith = async (email: string) => {
      const [mail] = await listOutboxEmailsTo(getDb(), email)
      const { confirmUrl } = JSON.parse(mail!.secret_payload!) as { confirmUrl: string }
      return confirmSignatureByToken(getDb(), confirmUrl.split('/confirm/')[1]!, {
        appUrl: 'http://localhost:3000',
        now: at,
      })
    }
    expect(await confirmWith(watched.signature.email)).toMatchObject({
      kind: 'confirmed',
      status: 'confirmed',
    })
    expect(await confirmWith(ordinary.signature.email)).toMatchObject({
      kind: 'confirmed',
      status: 'approved',
    })
  })
})

describe('rate limits per client address', () => {
  test('past the burst limit a signature is quarantined silently: stored, never emailed or counted', async () => {
    const letter = await openLetter()
    const burst = limits({ RATE_LIMIT_SIGN_BURST: { max: 2, windowMs: 60_000 } })
    const first = await sign(letter, { limits: burst })
    const second = await sign(letter, { limits: burst })
    const third = await sign(letter, { limits: burst })
    expect([first, second].map(({ signature }) => signature.quarantine_reason)).toEqual([null, null])
    expect(third.signature).toMatchObject({
      status: 'unconfirmed',
      quarantine_reason: 'ip-burst-limit',
      quarantined_at: at.toISOString(),
      client_ip: '203.0.113.7',
      ip_range: '203.0.113.0/24',
    })
    expect(third.emails).toEqual([])
    // "Send it again" sends nothing either.
    expect(
      await resendSignerEmail(getDb(), third.signature.id, {
        appUrl: 'http://localhost:3000',
        confirmationTtlHours: 48,
        limits: burst,
        now: new Date(at.getTime() + 5 * 60_000),
      }),
    ).toBe('quarantined')
    expect(await getPublicCounts(getDb(), letter)).toMatchObject({ total: 0 })

    // Another address, another letter, or the next window: not affected.
    expect(
      (await sign(letter, { limits: burst, clientIp: '198.51.100.1' })).signature.quarantine_reason,
    ).toBeNull()
    const other = await openLetter()
    expect((await sign(other, { limits: burst })).signature.quarantine_reason).toBeNull()
    const later = new Date(at.getTime() + 61_000)
    expect((await sign(letter, { limits: burst, now: later })).signature.quarantine_reason).toBeNull()
  })

  test('the sustained window holds a client that slows down', async () => {
    const letter = await openLetter()
    const hourly = limits({ RATE_LIMIT_SIGN_SUSTAINED: { max: 3, windowMs: 3_600_000 } })
    const reasons = []
    for (let minute = 0; minute < 5; minute++) {
      const now = new Date(at.getTime() + minute * 5 * 60_000)
      reasons.push((await sign(letter, { limits: hourly, now })).signature.quarantine_reason)
    }
    expect(reasons).toEqual([null, null, null, 'ip-sustained-limit', 'ip-sustained-limit'])
  })

  test('IPv4-mapped IPv6 and plain IPv4 are one client', async () => {
    const letter = await openLetter()
    const one = limits({ RATE_LIMIT_SIGN_BURST: { max: 1, windowMs: 60_000 } })
    await sign(letter, { limits: one, clientIp: '::ffff:192.0.2.10' })
    const again = await sign(letter, { limits: one, clientIp: '192.0.2.10' })
    expect(again.signature.quarantine_reason).toBe('ip-burst-limit')
  })

  test('the signing page answers a quarantined submission exactly as any other', async () => {
    const letter = await openLetter()
    const post = (ip: string) =>
      callRoute(
        signAction,
        formRequest(`http://localhost:3000/letters/${letter.slug}`, validSignatureForm()),
        { slug: letter.slug },
        { clientIp: ip },
      )
    const answers = []
    // The default burst limit is 10 a minute.
    for (let index = 0; index < 12; index++) answers.push(await post('192.0.2.99'))
    const shapes = answers.map((answer) => [answer.status, answer.headers.get('Location')])
    expect(new Set(shapes.map((shape) => JSON.stringify(shape))).size).toBe(1)
    expect(answers[11]!.headers.get('Set-Cookie')).toBeTruthy()
    const quarantined = await getDb()
      .selectFrom('signatures')
      .select('quarantine_reason')
      .where('letter_id', '=', letter.id)
      .where('quarantine_reason', 'is not', null)
      .execute()
    expect(quarantined).toHaveLength(2)
    expect((await getLetterCounts(getDb(), letter.id)).unconfirmed).toBe(12)
  })
})

describe('block rules', () => {
  test.each([
    ['email', 'blocked@example.net', { email: 'Blocked@Example.net' }, '203.0.113.7', 'blocked-email'],
    ['domain', 'spam.example', { email: 'x@mail.spam.example' }, '203.0.113.7', 'blocked-domain'],
    ['ip-range', '198.51.100.0/24', {}, '198.51.100.77', 'blocked-ip-range'],
  ] as const)('a %s rule quarantines what it matches', async (kind, value, fields, clientIp, reason) => {
    const letter = await openLetter()
    await insertBlockRule(getDb(), { letterId: letter.id, kind, value, note: null, createdByUserId: null })
    const blocked = await sign(letter, { fields, clientIp })
    expect(blocked.signature.quarantine_reason).toBe(reason)
    expect(blocked.emails).toEqual([])
    expect((await sign(letter, { clientIp: '192.0.2.1' })).signature.quarantine_reason).toBeNull()
  })
})

describe('busy sources', () => {
  test('many signatures from one network or one domain in a short time are flagged past the threshold', async () => {
    const letter = await openLetter()
    const busy = limits({ BUSY_SOURCE_FLAG: { max: 2, windowMs: 600_000 } })
    const results = []
    for (let index = 0; index < 3; index++) {
      results.push(
        await sign(letter, {
          limits: busy,
          clientIp: `203.0.113.${10 + index}`,
          fields: { email: `${uniqueEmail('busy').split('@')[0]}@busy-firm.example` },
        }),
      )
    }
    expect(results.map((result) => result.flags)).toEqual([[], [], ['busy-ip-range', 'busy-email-domain']])
  })
})

describe('mail to one address', () => {
  test('is capped across letters, silently', async () => {
    const email = uniqueEmail('capped')
    const capped = limits({ RATE_LIMIT_CONFIRMATION_EMAILS: { max: 2, windowMs: 3_600_000 } })
    for (let index = 0; index < 3; index++) {
      await sign(await openLetter(), { limits: capped, fields: { email } })
    }
    expect(await listOutboxEmailsTo(getDb(), email)).toHaveLength(2)
  })
})
