import { describe, expect, test } from 'vitest'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { changeSignatureStatus, getSignatureById } from '~/models/signature.server'
import { findSignatureByManageToken } from '~/models/signature-manage-token.server'
import { getDb } from '~/utils/db.server'
import { sha256Hex } from '~/utils/crypto.server'
import { createTestLetter, uniqueEmail, validSignatureForm } from '../../tests/factories'
import { signLetterSchema } from '~/schemas/sign-letter'
import {
  checkConfirmationToken,
  confirmSignatureByCode,
  confirmSignatureByToken,
  LetterNotOpenError,
  MAX_EMAILS_PER_SIGNATURE,
  resendSignerEmail,
  signLetter,
} from './signing.server'

const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48 }
const minutesLater = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000)

async function openLetter(traits: { moderationRequired?: boolean } = {}) {
  const created = await createTestLetter(getDb(), traits)
  return (await getLetterBySlug(getDb(), created.slug))!
}

function input(overrides: Record<string, string> = {}) {
  return signLetterSchema.parse(validSignatureForm(overrides))
}

/** The link and code of the newest confirmation email to this address, as the signer reads them. */
async function latestConfirmation(email: string) {
  const emails = await listOutboxEmailsTo(getDb(), email)
  const last = emails.filter((row) => row.template === 'confirm-signature').at(-1)
  if (!last?.secret_payload) throw new Error(`No confirmation email to ${email}`)
  const { confirmUrl, code } = JSON.parse(last.secret_payload) as { confirmUrl: string; code: string }
  return { token: confirmUrl.split('/confirm/')[1]!, code, confirmUrl }
}

describe('signLetter', () => {
  test('stores an unconfirmed signature on the current version, counts it, and queues one confirmation', async () => {
    const letter = await openLetter()
    const email = uniqueEmail('Mixed.Case')
    const { signatureId } = await signLetter(
      getDb(),
      letter,
      input({ email: `  ${email.toUpperCase()} ` }),
      context,
    )

    const signature = await getSignatureById(getDb(), signatureId)
    expect(signature).toMatchObject({
      status: 'unconfirmed',
      email: email.toLowerCase(),
      name: 'Zoë Nguyễn-Adams',
      letter_version_id: letter.version.id,
      emails_sent: 1,
    })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 1, approved: 0 })

    const outbox = await listOutboxEmailsTo(getDb(), email.toLowerCase())
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      template: 'confirm-signature',
      status: 'pending',
      signature_id: signatureId,
    })
    const { token, code } = await latestConfirmation(email.toLowerCase())
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(code).toMatch(/^\d{6}$/)

    // The database keeps only the hash of the token.
    const stored = await getDb()
      .selectFrom('signature_tokens')
      .selectAll()
      .where('signature_id', '=', signatureId)
      .execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]!.token_hash).toBe(sha256Hex(token))
    expect(JSON.stringify(stored)).not.toContain(token)
    expect(JSON.stringify(stored)).not.toContain(code)
  })

  test('refuses a closed or draft letter and stores nothing', async () => {
    for (const status of ['closed', 'draft'] as const) {
      const created = await createTestLetter(getDb(), { status })
      const letter = (await getLetterBySlug(getDb(), created.slug))!
      await expect(signLetter(getDb(), letter, input(), context)).rejects.toBeInstanceOf(LetterNotOpenError)
      expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 0 })
    }
  })

  test('a second signature with the same address re-sends the confirmation while unconfirmed, a minute apart', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const now = new Date('2026-11-21T12:00:00Z')
    const first = await signLetter(getDb(), letter, input({ email }), { ...context, now })
    const firstLink = await latestConfirmation(email)

    // Within the minute: the same answer, and no second email.
    const again = await signLetter(
      getDb(),
      letter,
      input({ email: email.toUpperCase(), name: 'Someone Else' }),
      { ...context, now: minutesLater(now, 0.5) },
    )
    expect(again.signatureId).toBe(first.signatureId)
    expect(await listOutboxEmailsTo(getDb(), email)).toHaveLength(1)

    await signLetter(getDb(), letter, input({ email }), { ...context, now: minutesLater(now, 2) })
    expect(await listOutboxEmailsTo(getDb(), email)).toHaveLength(2)
    const secondLink = await latestConfirmation(email)
    expect(secondLink.token).not.toBe(firstLink.token)

    // The first details stand: a stranger cannot rewrite someone's pending signature.
    expect((await getSignatureById(getDb(), first.signatureId))!.name).toBe('Zoë Nguyễn-Adams')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 1 })
  })

  test('a second signature after confirming sends "you already signed" and changes nothing', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const now = new Date('2026-11-21T12:00:00Z')
    await signLetter(getDb(), letter, input({ email }), { ...context, now })
    await confirmSignatureByToken(getDb(), (await latestConfirmation(email)).token, {
      ...context,
      now: minutesLater(now, 1),
    })

    await signLetter(getDb(), letter, input({ email }), { ...context, now: minutesLater(now, 5) })
    const emails = await listOutboxEmailsTo(getDb(), email)
    expect(emails.map((row) => row.template)).toEqual(['confirm-signature', 'already-signed'])
    expect(JSON.parse(emails[1]!.payload)).toMatchObject({ standing: 'listed' })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1, unconfirmed: 0 })
  })

  test('every email to the signer carries its own "manage your signature" link, kept secret', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const now = new Date('2026-11-21T12:00:00Z')
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), { ...context, now })
    await confirmSignatureByToken(getDb(), (await latestConfirmation(email)).token, {
      ...context,
      now: minutesLater(now, 1),
    })
    await signLetter(getDb(), letter, input({ email }), { ...context, now: minutesLater(now, 5) })

    const emails = await listOutboxEmailsTo(getDb(), email)
    expect(emails.map((row) => row.template)).toEqual(['confirm-signature', 'already-signed'])
    const tokens = []
    for (const row of emails) {
      const { manageUrl } = JSON.parse(row.secret_payload!) as { manageUrl: string }
      expect(manageUrl).toMatch(/^http:\/\/localhost:3000\/manage\/[A-Za-z0-9_-]{43}$/)
      expect(row.payload).not.toContain('manage')
      const token = manageUrl.split('/manage/')[1]!
      expect((await findSignatureByManageToken(getDb(), token))?.id).toBe(signatureId)
      tokens.push(token)
    }
    // A fresh key per email; the old one keeps working.
    expect(tokens[0]).not.toBe(tokens[1])
    const stored = await getDb()
      .selectFrom('signature_manage_tokens')
      .select('token_hash')
      .where('signature_id', '=', signatureId)
      .execute()
    expect(stored.map((row) => row.token_hash).sort()).toEqual(tokens.map((token) => sha256Hex(token)).sort())
  })

  test(`"send it again" sends at most ${MAX_EMAILS_PER_SIGNATURE} emails per signature, one a minute`, async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const start = new Date('2026-11-21T12:00:00Z')
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), { ...context, now: start })

    expect(await resendSignerEmail(getDb(), signatureId, { ...context, now: minutesLater(start, 0.2) })).toBe(
      'too-soon',
    )
    const outcomes = []
    for (let minute = 1; minute <= 6; minute++) {
      outcomes.push(
        await resendSignerEmail(getDb(), signatureId, { ...context, now: minutesLater(start, minute * 2) }),
      )
    }
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'sent', 'limit-reached', 'limit-reached'])
    expect(await listOutboxEmailsTo(getDb(), email)).toHaveLength(MAX_EMAILS_PER_SIGNATURE)
    expect(await resendSignerEmail(getDb(), 999_999, context)).toBe('unknown-signature')
  })
})

describe('confirming by link', () => {
  test('approves at once on a letter without moderation, and the link is single use', async () => {
    const letter = await openLetter({ moderationRequired: false })
    const email = uniqueEmail()
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), context)
    const { token } = await latestConfirmation(email)

    // Opening the link (GET) confirms nothing.
    expect((await checkConfirmationToken(getDb(), token)).kind).toBe('ready')
    expect((await getSignatureById(getDb(), signatureId))!.status).toBe('unconfirmed')

    const result = await confirmSignatureByToken(getDb(), token, context)
    expect(result).toMatchObject({ kind: 'confirmed', status: 'approved' })
    const signature = (await getSignatureById(getDb(), signatureId))!
    expect(signature.status).toBe('approved')
    expect(signature.confirmed_at).not.toBeNull()
    expect(signature).toMatchObject({
      verification_level: 'email',
      verification_method: 'email-link',
      verification_evidence: null,
      verified_by: 'email confirmation',
      verified_at: signature.confirmed_at,
    })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
      unconfirmed: 0,
      approved: 1,
      approvedListed: 1,
    })

    expect((await confirmSignatureByToken(getDb(), token, context)).kind).toBe('already-confirmed')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1 })
  })

  test('waits for review on a letter with moderation', async () => {
    const letter = await openLetter({ moderationRequired: true })
    const email = uniqueEmail()
    const { signatureId } = await signLetter(getDb(), letter, input({ email, listing: 'counted' }), context)
    const result = await confirmSignatureByToken(getDb(), (await latestConfirmation(email)).token, context)
    expect(result).toMatchObject({ kind: 'confirmed', status: 'confirmed' })
    expect((await getSignatureById(getDb(), signatureId))!.status).toBe('confirmed')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ confirmed: 1, approved: 0 })
  })

  test('an expired link confirms nothing', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const signedAt = new Date('2026-11-21T12:00:00Z')
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), { ...context, now: signedAt })
    const { token } = await latestConfirmation(email)

    const afterExpiry = new Date(signedAt.getTime() + 48 * 3_600_000 + 1)
    expect((await confirmSignatureByToken(getDb(), token, { ...context, now: afterExpiry })).kind).toBe(
      'expired',
    )
    expect((await getSignatureById(getDb(), signatureId))!.status).toBe('unconfirmed')
    // Just before expiry it still works.
    const beforeExpiry = new Date(signedAt.getTime() + 48 * 3_600_000 - 1000)
    expect((await confirmSignatureByToken(getDb(), token, { ...context, now: beforeExpiry })).kind).toBe(
      'confirmed',
    )
  })

  test('an unknown or malformed token is invalid', async () => {
    for (const token of ['', 'not-a-token', 'x'.repeat(5000), '../../etc/passwd']) {
      expect((await confirmSignatureByToken(getDb(), token, context)).kind).toBe('invalid')
    }
  })

  test('a letter closed before confirmation takes no confirmation', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), context)
    await getDb().updateTable('letters').set({ status: 'closed' }).where('id', '=', letter.id).execute()
    expect(
      (await confirmSignatureByToken(getDb(), (await latestConfirmation(email)).token, context)).kind,
    ).toBe('letter-not-open')
    expect((await getSignatureById(getDb(), signatureId))!.status).toBe('unconfirmed')
  })

  test('a decision made on a stale view of the signature moves nothing', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), context)
    const stale = (await getSignatureById(getDb(), signatureId))!
    await confirmSignatureByToken(getDb(), (await latestConfirmation(email)).token, context)
    // Another request still holding the unconfirmed row tries to move it again.
    expect(await changeSignatureStatus(getDb(), stale, 'approved')).toBe(false)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1, unconfirmed: 0 })
  })

  test('two confirmations racing count the signature once', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    await signLetter(getDb(), letter, input({ email }), { ...context, now: new Date('2026-11-21T12:00:00Z') })
    const first = await latestConfirmation(email)
    await signLetter(getDb(), letter, input({ email }), { ...context, now: new Date('2026-11-21T12:05:00Z') })
    const second = await latestConfirmation(email)

    const results = await Promise.all([
      confirmSignatureByToken(getDb(), first.token, { ...context, now: new Date('2026-11-21T12:06:00Z') }),
      confirmSignatureByToken(getDb(), second.token, { ...context, now: new Date('2026-11-21T12:06:00Z') }),
    ])
    expect(results.map((result) => result.kind).sort()).toEqual(['already-confirmed', 'confirmed'])
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1, unconfirmed: 0 })
  })
})

describe('confirming by code', () => {
  test('the right code confirms; the link is used up with it', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), context)
    const { code, token } = await latestConfirmation(email)
    expect((await getSignatureById(getDb(), signatureId))!.verification_level).toBe('none')
    expect(await confirmSignatureByCode(getDb(), signatureId, code, context)).toMatchObject({
      kind: 'confirmed',
      status: 'approved',
    })
    expect(await getSignatureById(getDb(), signatureId)).toMatchObject({
      verification_level: 'email',
      verification_method: 'email-code',
      verified_by: 'email confirmation',
    })
    expect((await confirmSignatureByToken(getDb(), token, context)).kind).toBe('already-confirmed')
    // The link, used up, does not overwrite how the signer confirmed.
    expect((await getSignatureById(getDb(), signatureId))!.verification_method).toBe('email-code')
  })

  test('wrong codes count down, then even the right code is refused', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), context)
    const { code } = await latestConfirmation(email)
    const wrong = code === '000000' ? '111111' : '000000'

    const results = []
    for (let attempt = 0; attempt < 5; attempt++)
      results.push(await confirmSignatureByCode(getDb(), signatureId, wrong, context))
    expect(results).toEqual([
      { kind: 'wrong-code', attemptsLeft: 4 },
      { kind: 'wrong-code', attemptsLeft: 3 },
      { kind: 'wrong-code', attemptsLeft: 2 },
      { kind: 'wrong-code', attemptsLeft: 1 },
      { kind: 'too-many-attempts' },
    ])
    expect(await confirmSignatureByCode(getDb(), signatureId, code, context)).toEqual({
      kind: 'too-many-attempts',
    })
    expect((await getSignatureById(getDb(), signatureId))!.status).toBe('unconfirmed')
  })

  test('a new email brings a fresh allowance of tries', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const start = new Date('2026-11-21T12:00:00Z')
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), { ...context, now: start })
    const { code: firstCode } = await latestConfirmation(email)
    const wrong = firstCode === '000000' ? '111111' : '000000'
    for (let attempt = 0; attempt < 5; attempt++)
      await confirmSignatureByCode(getDb(), signatureId, wrong, { ...context, now: start })
    expect(await confirmSignatureByCode(getDb(), signatureId, firstCode, { ...context, now: start })).toEqual(
      {
        kind: 'too-many-attempts',
      },
    )

    expect(await resendSignerEmail(getDb(), signatureId, { ...context, now: minutesLater(start, 2) })).toBe(
      'sent',
    )
    const { code: secondCode } = await latestConfirmation(email)
    expect(
      await confirmSignatureByCode(getDb(), signatureId, secondCode, {
        ...context,
        now: minutesLater(start, 3),
      }),
    ).toMatchObject({ kind: 'confirmed' })
  })

  test('a stranger holding someone’s confirmed signature learns nothing from codes', async () => {
    const letter = await openLetter({ moderationRequired: true })
    const victim = uniqueEmail('victim')
    const start = new Date('2026-11-21T12:00:00Z')
    await signLetter(getDb(), letter, input({ email: victim }), { ...context, now: start })
    const { code } = await latestConfirmation(victim)
    await confirmSignatureByToken(getDb(), (await latestConfirmation(victim)).token, {
      ...context,
      now: start,
    })

    // The stranger signs with the victim's address: their session now holds the victim's signature.
    const { signatureId } = await signLetter(getDb(), letter, input({ email: victim }), {
      ...context,
      now: minutesLater(start, 5),
    })
    const fresh = await signLetter(getDb(), letter, input({ email: uniqueEmail('fresh') }), {
      ...context,
      now: minutesLater(start, 5),
    })
    // Any code, even the victim's old one, answers exactly as for a brand-new signature.
    expect(await confirmSignatureByCode(getDb(), signatureId, code, context)).toEqual({
      kind: 'wrong-code',
      attemptsLeft: 4,
    })
    expect(
      await confirmSignatureByCode(
        getDb(),
        fresh.signatureId,
        '999999' === code ? '888888' : '999999',
        context,
      ),
    ).toEqual({ kind: 'wrong-code', attemptsLeft: 4 })
  })

  test('an expired code is refused like a wrong one', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const signedAt = new Date('2026-11-21T12:00:00Z')
    const { signatureId } = await signLetter(getDb(), letter, input({ email }), { ...context, now: signedAt })
    const { code } = await latestConfirmation(email)
    const later = new Date(signedAt.getTime() + 49 * 3_600_000)
    expect(await confirmSignatureByCode(getDb(), signatureId, code, { ...context, now: later })).toEqual({
      kind: 'wrong-code',
      attemptsLeft: 4,
    })
  })
})

describe('signing in a crowd (group commit)', () => {
  test('signatures arriving together are each stored once, with their own email, the same address twice included', async () => {
    const letter = await openLetter()
    const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail(), uniqueEmail()]
    const results = await Promise.all(
      [...emails, emails[0]!].map((email) => signLetter(getDb(), letter, input({ email }), context)),
    )
    expect(new Set(results.map((result) => result.signatureId)).size).toBe(4)
    expect(results[4]!.signatureId).toBe(results[0]!.signatureId)
    expect((await getLetterCounts(getDb(), letter.id)).unconfirmed).toBe(4)
    for (const email of emails) {
      // The second signature with the first address, a moment later, is not emailed again.
      expect(await listOutboxEmailsTo(getDb(), email)).toHaveLength(1)
    }
  })

  test('one signature failing among others leaves no trace of itself and keeps the others', async () => {
    const letter = await openLetter()
    const kept = uniqueEmail()
    const outcomes = await Promise.allSettled([
      signLetter(getDb(), letter, input({ email: kept }), context),
      // A letter version that does not exist: the foreign key refuses the signature.
      signLetter(getDb(), { ...letter, version: { ...letter.version, id: 999_999 } }, input(), context),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected'])
    expect((await getLetterCounts(getDb(), letter.id)).unconfirmed).toBe(1)
    expect(await listOutboxEmailsTo(getDb(), kept)).toHaveLength(1)
  })
})
