import SQLite from 'better-sqlite3'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { action as moderate } from '~/routes/admin.letters.$letterId.queue'
import { action as requestSignInLink } from '~/routes/admin_.sign-in'
import { action as useSignInLink } from '~/routes/admin_.sign-in_.$token'
import { action as confirmByLink } from '~/routes/confirm.$token'
import { action as sign } from '~/routes/letters.$slug'
import { action as confirmByCode } from '~/routes/letters.$slug_.check-inbox'
import { REJECTION_REASONS } from '~/schemas/moderation'
import { signLetterSchema } from '~/schemas/sign-letter'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../auth-helpers'
import { createTestLetter, createTestSignature, formRequest, validSignatureForm } from '../factories'
import { callRoute, cookieFrom } from '../route-helpers'

// Thousands of generated submissions to the public and organizer forms, called as Remix calls
// the actions (server.js's size cap and origin check come before them in production, and are
// tested in tests/unit/http-security.test.ts). Whatever arrives: never a 5xx (a thrown error or
// a console.error fails too), never a row the form's schema would not have produced, and a
// refused submission leaves the database exactly as it was.

const base = 'http://localhost:3000'
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 1)

// ---------------------------------------------------------------------------------------------
// What a hostile or broken client can send

const NASTY = [
  '',
  ' ',
  '\u0000',
  '\u202eevil\u202c',
  '\ud800',
  '\udfff',
  '\ufeff',
  '%00',
  '%zz',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '=HYPERLINK("https://evil.example")',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '1e999',
  '-1',
  '0',
  '9007199254740993',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
]

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  // Overlong: a few characters repeated past every field's limit.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }), fc.integer({ min: 100, max: 3000 }))
      .map(([piece, times]) => piece.repeat(times)),
  },
)

type Fields = Array<[string, string]>

/** Mostly a value the form would take, sometimes anything at all. */
const plausibly = <T extends string>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: valid as fc.Arbitrary<string> }, { weight: 1, arbitrary: text })

/** A line of text with a letter in it, as a person would type. */
const line = fc.string({ unit: 'grapheme', maxLength: 30 }).map((value) => `A${value}`)

const simpleEmail = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,15}[a-z0-9])?$/),
    fc.constantFrom('example.org', 'example.com', 'mail.example.net'),
  )
  .map(([local, domain]) => `${local}@${domain}`)

/** Often nothing, sometimes a few. */
const some = <T>(arbitrary: fc.Arbitrary<T[]>) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant([] as T[]) }, { weight: 1, arbitrary })

/**
 * A form built from a plausible one: sometimes fields dropped, replaced by anything, given twice,
 * or joined by strangers (among them `extraNames`, such as a honeypot).
 */
function mutated(
  plausible: fc.Arbitrary<Record<string, string>>,
  names: string[],
  extraNames: string[] = [],
): fc.Arbitrary<Fields> {
  const name = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names, ...extraNames) },
    { weight: 1, arbitrary: text },
  )
  return fc
    .record({
      form: plausible,
      dropped: some(fc.subarray(names, { minLength: 1, maxLength: Math.min(2, names.length) })),
      replaced: some(fc.array(fc.tuple(fc.constantFrom(...names), text), { minLength: 1, maxLength: 2 })),
      added: some(fc.array(fc.tuple(name, text), { minLength: 1, maxLength: 4 })),
    })
    .map(({ form, dropped, replaced, added }) => {
      const fields: Fields = Object.entries(form).filter(([key]) => !dropped.includes(key))
      for (const [key, value] of replaced) {
        const index = fields.findIndex(([existing]) => existing === key)
        if (index >= 0) fields[index] = [key, value]
        else fields.push([key, value])
      }
      return [...fields, ...added]
    })
}

const ENCODINGS = [
  'urlencoded',
  'multipart',
  'multipart with a file',
  'json',
  'text',
  'no body',
  'raw urlencoded',
  'multipart without boundary',
  'huge',
] as const
type Encoding = (typeof ENCODINGS)[number]

const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('urlencoded' as const) },
  { weight: 1, arbitrary: fc.constantFrom(...ENCODINGS) },
)

const garbageCookie = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  {
    weight: 1,
    // The signer's and the organizer's cookies, forged or mangled.
    arbitrary: fc
      .tuple(
        fc.constantFrom('__undersigned', '__undersigned_admin'),
        fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
      )
      .map(([name, value]) => `${name}=${value}`),
  },
)

/** The request a client could send with these fields, encoded this way. */
function submission(url: string, fields: Fields, how: Encoding, cookie: string | null): Request {
  const headers = new Headers()
  // Header values must be Latin-1; a client that sends other bytes never gets this far.
  if (cookie && /^[\x20-\x7e]*$/.test(cookie)) headers.set('Cookie', cookie)
  let body: BodyInit | undefined
  switch (how) {
    case 'urlencoded':
    case 'huge': {
      const params = new URLSearchParams(fields)
      if (how === 'huge') params.append(fields[0]?.[0] ?? 'name', 'x'.repeat(2_000_000))
      headers.set('Content-Type', 'application/x-www-form-urlencoded')
      body = params.toString()
      break
    }
    case 'multipart':
    case 'multipart with a file': {
      const form = new FormData()
      for (const [key, value] of fields) form.append(key, value)
      if (how === 'multipart with a file') {
        form.append(fields[0]?.[0] ?? 'email', new Blob(['%PDF-1.4 not really']), 'evil.pdf')
      }
      body = form
      break
    }
    case 'json':
      headers.set('Content-Type', 'application/json')
      body = JSON.stringify(Object.fromEntries(fields))
      break
    case 'text':
      headers.set('Content-Type', 'text/plain;charset=UTF-8')
      body = fields.map(([key, value]) => `${key}=${value}`).join('\r\n')
      break
    case 'raw urlencoded':
      headers.set('Content-Type', 'application/x-www-form-urlencoded')
      body = fields.map(([key, value]) => `${key}%=${value}&%zz&=&&`).join('&')
      break
    case 'multipart without boundary':
      headers.set('Content-Type', 'multipart/form-data')
      body = new URLSearchParams(fields).toString()
      break
    case 'no body':
      break
  }
  return new Request(url, { method: 'POST', headers, body })
}

// ---------------------------------------------------------------------------------------------
// What the database may and may not contain afterwards

/**
 * A second, read-only connection to the test database: `PRAGMA data_version` on it changes
 * exactly when another connection commits a change, so "unchanged" is checked to the byte.
 */
let observer: SQLite.Database
const dataVersion = () => observer.pragma('data_version', { simple: true }) as number

/** Every stored signature is what the signing form's schema makes of its own values. */
async function expectOnlyValidSignatures() {
  const rows = await getDb().selectFrom('signatures').selectAll().execute()
  for (const row of rows) {
    const parsed = signLetterSchema.safeParse({
      name: row.name,
      email: row.email,
      profession: row.profession,
      organization: row.organization,
      location: row.location,
      licenceNumber: row.licence_number ?? '',
      comment: row.comment ?? '',
      listing: row.listing,
      wantsUpdates: row.wants_updates === 1,
    })
    expect(parsed.success, `signature ${row.id} is not valid: ${JSON.stringify(row)}`).toBe(true)
    expect(parsed.data).toEqual({
      name: row.name,
      email: row.email,
      profession: row.profession,
      organization: row.organization,
      location: row.location,
      licenceNumber: row.licence_number,
      comment: row.comment,
      listing: row.listing,
      wantsUpdates: row.wants_updates === 1,
    })
    expect(row.email).toBe(row.email.toLowerCase())
    expect(['unconfirmed', 'confirmed', 'approved', 'rejected', 'withdrawn']).toContain(row.status)
    if (row.status === 'rejected') expect(Object.keys(REJECTION_REASONS)).toContain(row.rejection_reason)
    expect((row.rejection_note ?? '').length).toBeLessThanOrEqual(500)
    expect((row.verification_evidence ?? '').length).toBeLessThanOrEqual(500)
  }
  // The tallies the public pages read agree with the rows.
  const counted = await getDb()
    .selectFrom('signatures')
    .select(['letter_id', 'status', 'listing', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['letter_id', 'status', 'listing'])
    .execute()
  const tallied = await getDb()
    .selectFrom('signature_tallies')
    .select(['letter_id', 'status', 'listing', (eb) => eb.fn.sum<number>('count').as('count')])
    .groupBy(['letter_id', 'status', 'listing'])
    .having((eb) => eb.fn.sum('count'), '>', 0)
    .execute()
  const key = (row: { letter_id: number; status: string; listing: string }) =>
    `${row.letter_id}/${row.status}/${row.listing}`
  expect(Object.fromEntries(tallied.map((row) => [key(row), Number(row.count)]))).toEqual(
    Object.fromEntries(counted.map((row) => [key(row), Number(row.count)])),
  )
}

/** Runs one generated request and checks the promises common to every endpoint. */
async function send(
  routeAction: Parameters<typeof callRoute>[0],
  request: Request,
  params: Record<string, string>,
  outcomes?: Map<string, number>,
) {
  const before = dataVersion()
  const response = await callRoute(routeAction, request, params)
  expect(response.status, `answered ${response.status} to ${request.url}`).toBeLessThan(500)
  const changed = dataVersion() !== before
  const outcome = `${response.status}${changed ? ' changed' : ''}`
  outcomes?.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
  return { ...response, changed }
}

/** The generators reached both sides: submissions taken and submissions refused. */
function expectBothSides(outcomes: Map<string, number>, expected: Record<string, number>) {
  for (const [outcome, least] of Object.entries(expected)) {
    expect(
      outcomes.get(outcome) ?? 0,
      `${outcome} in ${JSON.stringify([...outcomes])}`,
    ).toBeGreaterThanOrEqual(least * RUNS)
  }
}

const settings = (numRuns: number) => ({ numRuns: numRuns * RUNS, endOnFailure: true })

beforeAll(async () => {
  observer = new SQLite(process.env.DATABASE_PATH!, { readonly: true })
  // Thousands of commits: this throwaway test database need not survive a power cut.
  await sql`pragma synchronous = off`.execute(getDb())
})
afterAll(() => observer.close())

// ---------------------------------------------------------------------------------------------

describe('bad input never breaks a form or the data', { timeout: 60_000 }, () => {
  test('signing', async () => {
    const letter = await createTestLetter(getDb(), { moderationRequired: true })
    const url = `${base}/letters/${letter.slug}`
    const plausible = fc.record({
      name: plausibly(line),
      email: plausibly(simpleEmail),
      profession: plausibly(line),
      organization: plausibly(line),
      location: plausibly(line),
      licenceNumber: plausibly(fc.stringMatching(/^[A-Z0-9-]{0,12}$/)),
      comment: plausibly(fc.string({ unit: 'grapheme', maxLength: 200 })),
      listing: plausibly(fc.constantFrom('listed', 'counted')),
    })
    const names = Object.keys(validSignatureForm())
    const outcomes = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(
        mutated(plausible, names, ['website']),
        encoding,
        garbageCookie,
        async (fields, how, cookie) => {
          const { status, headers, changed } = await send(
            sign,
            submission(url, fields, how, cookie),
            { slug: letter.slug },
            outcomes,
          )
          if (status !== 302) expect(changed, `refused with ${status}, yet something was stored`).toBe(false)
          else expect(headers.get('Location')).toBe(`/letters/${letter.slug}/check-inbox`)
        },
      ),
      settings(600),
    )
    expectBothSides(outcomes, { '302 changed': 40, '400': 200 })
    await expectOnlyValidSignatures()
  })

  test('confirming by code', async () => {
    const letter = await createTestLetter(getDb(), { moderationRequired: true })
    const signed = await callRoute(
      sign,
      formRequest(`${base}/letters/${letter.slug}`, validSignatureForm()),
      { slug: letter.slug },
    )
    const cookie = cookieFrom(signed.headers)
    const pending = await getDb()
      .selectFrom('signatures')
      .select('id')
      .where('letter_id', '=', letter.id)
      .executeTakeFirstOrThrow()
    const url = `${base}/letters/${letter.slug}/check-inbox`
    const outcomes = new Map<string, number>()
    const plausible = fc.record({
      code: fc.oneof(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\s*\d{3}\s?\d{3}\s*$/), text),
      intent: fc.oneof(fc.constantFrom('confirm', 'resend'), text),
    })
    await fc.assert(
      fc.asyncProperty(
        mutated(plausible, ['code', 'intent']),
        encoding,
        fc.oneof(fc.constant(cookie), garbageCookie),
        async (fields, how, sentCookie) => {
          const attemptsBefore = (
            await getDb()
              .selectFrom('signatures')
              .select('failed_code_attempts')
              .where('id', '=', pending.id)
              .executeTakeFirstOrThrow()
          ).failed_code_attempts
          const { status, changed } = await send(
            confirmByCode,
            submission(url, fields, how, sentCookie),
            { slug: letter.slug },
            outcomes,
          )
          expect([200, 400]).toContain(status)
          if (!changed) return
          // The one change a refused code makes: a wrong, well-formed code from the signer's own
          // browser counts as a try (five and the code is locked). Resending is limited too.
          const after = await getDb()
            .selectFrom('signatures')
            .select(['failed_code_attempts', 'status', 'emails_sent'])
            .where('id', '=', pending.id)
            .executeTakeFirstOrThrow()
          expect(after.status).toBe('unconfirmed')
          expect(after.emails_sent).toBeLessThanOrEqual(5)
          if (status === 400) expect(after.failed_code_attempts).toBe(attemptsBefore + 1)
        },
      ),
      settings(300),
    )
    expectBothSides(outcomes, { '400 changed': 5, '400': 100, '200': 5 })
    const final = await getDb()
      .selectFrom('signatures')
      .select(['status', 'failed_code_attempts'])
      .where('id', '=', pending.id)
      .executeTakeFirstOrThrow()
    expect(final).toEqual({ status: 'unconfirmed', failed_code_attempts: 5 })
  })

  test('confirming by link, and signing in by link', async () => {
    const token = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      text.filter((value) => value.length > 0),
    )
    await fc.assert(
      fc.asyncProperty(
        token,
        mutated(fc.record({ redirectTo: text }), ['redirectTo']),
        encoding,
        garbageCookie,
        async (guess, fields, how, cookie) => {
          // As a URL carries it: lone surrogates cannot be sent, they arrive as U+FFFD.
          const path = encodeURIComponent(Buffer.from(guess).toString())
          const confirmed = await send(
            confirmByLink,
            submission(`${base}/confirm/${path}`, fields, how, cookie),
            { token: guess },
          )
          expect(confirmed.status).toBe(404)
          expect(confirmed.changed).toBe(false)
          const signedIn = await send(
            useSignInLink,
            submission(`${base}/admin/sign-in/${path}`, fields, how, cookie),
            { token: guess },
          )
          expect(signedIn.status).toBe(404)
          expect(signedIn.changed).toBe(false)
        },
      ),
      settings(300),
    )
  })

  test('asking for a sign-in link', async () => {
    const organizer = await createTestUser(getDb())
    const plausible = fc.record({
      email: fc.oneof(
        fc.constant(organizer.email),
        fc.constant(` ${organizer.email.toUpperCase()} `),
        fc.emailAddress(),
        text,
      ),
      redirectTo: text,
    })
    let linksSent = 0
    const outcomes = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(
        mutated(plausible, ['email', 'redirectTo']),
        encoding,
        garbageCookie,
        async (fields, how, cookie) => {
          const { status, changed } = await send(
            requestSignInLink,
            submission(`${base}/admin/sign-in`, fields, how, cookie),
            {},
            outcomes,
          )
          expect([200, 400]).toContain(status)
          if (status === 400) expect(changed).toBe(false)
          if (changed) linksSent++
        },
      ),
      settings(300),
    )
    expectBothSides(outcomes, { '200 changed': 1, '200': 20, '400': 100 })
    // Only the organizer's address gets links, and the throttle holds: one a minute.
    const tokens = await getDb().selectFrom('sign_in_tokens').select(['user_id']).execute()
    expect(tokens.every((row) => row.user_id === organizer.id)).toBe(true)
    expect(linksSent).toBe(tokens.length)
    expect(tokens.length).toBeLessThanOrEqual(1)
  })

  test('moderating', async () => {
    const db = getDb()
    const letter = await createTestLetter(db, { moderationRequired: true })
    const other = await createTestLetter(db, { moderationRequired: true })
    const ours = []
    for (let index = 0; index < 30; index++) {
      ours.push(await createTestSignature(db, letter, { status: 'confirmed', name: `Signer ${index}` }))
    }
    const theirs = await createTestSignature(db, other, { status: 'confirmed', name: 'Someone Else' })
    const moderator = await createTestUser(db, { letterId: letter.id, memberRole: 'moderator' })
    const cookie = await signedInCookie(moderator)
    // A session records activity at most once a minute; dated ahead, it records none during the
    // run, so any change the database sees comes from the form.
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() + 3_600_000).toISOString() })
      .where('user_id', '=', moderator.id)
      .execute()
    const theirsBefore = JSON.stringify(
      await db.selectFrom('signatures').selectAll().where('letter_id', '=', other.id).execute(),
    )

    const id = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ours.map((signature) => String(signature.id))) },
      { weight: 1, arbitrary: fc.constant(String(theirs.id)) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 10_000_000 }).map(String) },
    )
    const plausible = fc.record({
      intent: plausibly(fc.constantFrom('approve', 'reject', 'verify', 'approve-all', 'reject-all')),
      ids: plausibly(id),
      id: plausibly(id),
      reason: plausibly(fc.constantFrom(...Object.keys(REJECTION_REASONS))),
      note: text,
      evidence: plausibly(line),
      status: plausibly(fc.constantFrom('confirmed', 'approved', 'rejected', 'withdrawn', 'unconfirmed')),
      q: plausibly(fc.constant('')),
      profession: plausibly(fc.constant('')),
      domain: plausibly(fc.constant('')),
      expected: plausibly(fc.integer({ min: 0, max: 30 }).map(String)),
      maxId: plausibly(fc.constant(String(theirs.id + 1000))),
    })
    const names = [
      'intent',
      'ids',
      'id',
      'reason',
      'note',
      'evidence',
      'status',
      'q',
      'profession',
      'domain',
      'expected',
      'maxId',
    ]
    const url = `${base}/admin/letters/${letter.id}/queue`
    const outcomes = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(mutated(plausible, names), encoding, async (fields, how) => {
        const { status, changed } = await send(
          moderate,
          submission(url, fields, how, cookie),
          { letterId: String(letter.id) },
          outcomes,
        )
        expect([200, 302, 400, 409]).toContain(status)
        if (status === 400 || status === 409) {
          expect(changed, `refused with ${status}, yet something changed`).toBe(false)
        }
      }),
      settings(500),
    )
    expectBothSides(outcomes, { '200 changed': 30, '409': 30, '400': 150 })
    // Nothing reached the letter this moderator does not moderate.
    expect(
      JSON.stringify(
        await db.selectFrom('signatures').selectAll().where('letter_id', '=', other.id).execute(),
      ),
    ).toBe(theirsBefore)
    await expectOnlyValidSignatures()
  })
})
