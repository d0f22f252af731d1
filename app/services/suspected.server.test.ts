import { describe, expect, test } from 'vitest'
import type { QuarantineReason } from '#db/schema'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { getSignatureById } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, uniqueEmail } from '../../tests/factories'
import { requireLetterAccess } from './letter-access.server'
import { moderationFor } from './moderation.server'
import { confirmSignatureByToken, signLetter } from './signing.server'
import { suspectedFor } from './suspected.server'

const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48 }
const minute = (n: number) => new Date(Date.parse('2026-11-21T10:00:00.000Z') + n * 60_000)

async function letterWithSuspects(
  reasons: QuarantineReason[],
  traits: { moderationRequired?: boolean; notifyOnReject?: boolean } = {},
) {
  const db = getDb()
  const letter = await createTestLetter(db, { moderationRequired: traits.moderationRequired ?? false })
  if (traits.notifyOnReject) {
    await db.updateTable('letters').set({ notify_on_reject: 1 }).where('id', '=', letter.id).execute()
  }
  const suspects = []
  for (const [index, reason] of reasons.entries()) {
    suspects.push(
      await createTestSignature(
        db,
        letter,
        { name: `Suspect ${index}`, clientIp: `203.0.113.${index + 1}`, quarantineReason: reason },
        minute(index),
      ),
    )
  }
  return { letter, suspects }
}

async function accessAs(letterId: number, memberRole: 'organizer' | 'moderator') {
  const user = await createTestUser(getDb(), { letterId, memberRole })
  return { user, access: await requireLetterAccess(getDb(), user, letterId, 'moderate') }
}

async function latestConfirmationToken(email: string) {
  const last = (await listOutboxEmailsTo(getDb(), email)).at(-1)
  if (!last?.secret_payload) throw new Error(`No confirmation email to ${email}`)
  return (JSON.parse(last.secret_payload) as { confirmUrl: string }).confirmUrl.split('/confirm/')[1]!
}

describe('the suspected list', () => {
  test('newest first, by keyset pages, with the reason and the network; only what still awaits a decision', async () => {
    const { letter, suspects } = await letterWithSuspects([
      'ip-burst-limit',
      'blocked-domain',
      'blocked-email',
    ])
    await createTestSignature(getDb(), letter, { name: 'Ordinary signer' })
    const { access } = await accessAs(letter.id, 'moderator')
    const suspected = suspectedFor(getDb(), access)

    const first = await suspected.list({ pageSize: 2 })
    expect(first.rows.map((row) => row.name)).toEqual(['Suspect 2', 'Suspect 1'])
    expect(first.rows[0]).toMatchObject({
      quarantine_reason: 'blocked-email',
      ip_range: '203.0.113.0/24',
      quarantined_at: minute(2).toISOString(),
    })
    const second = await suspected.list({ pageSize: 2, before: first.nextCursor! })
    expect(second.rows.map((row) => row.name)).toEqual(['Suspect 0'])
    expect(second.nextCursor).toBeNull()
    expect(await suspected.count()).toBe(3)

    await suspected.discard([suspects[0]!.id], context.appUrl)
    await suspected.release([suspects[1]!.id], context)
    expect((await suspected.list({ pageSize: 10 })).rows.map((row) => row.name)).toEqual(['Suspect 2'])
    expect(await suspected.count()).toBe(1)
  })

  test('organizers see the address; moderators only its domain', async () => {
    const { letter, suspects } = await letterWithSuspects(['ip-burst-limit'])
    const asOrganizer = suspectedFor(getDb(), (await accessAs(letter.id, 'organizer')).access)
    const asModerator = suspectedFor(getDb(), (await accessAs(letter.id, 'moderator')).access)
    expect((await asOrganizer.list({ pageSize: 10 })).rows[0]).toMatchObject({
      email: suspects[0]!.email,
      emailDomain: 'example.org',
    })
    const moderatorView = await asModerator.list({ pageSize: 10 })
    expect(moderatorView.rows[0]).toMatchObject({ email: null, emailDomain: 'example.org' })
    expect(JSON.stringify(moderatorView)).not.toContain(suspects[0]!.email)
  })

  test('a member of another letter is refused, and cannot touch this letter’s rows through their own', async () => {
    const { letter, suspects } = await letterWithSuspects(['ip-burst-limit'])
    const other = await createTestLetter(getDb())
    const stranger = await createTestUser(getDb(), { letterId: other.id, memberRole: 'organizer' })
    await expect(requireLetterAccess(getDb(), stranger, letter.id, 'moderate')).rejects.toMatchObject({
      status: 403,
    })
    const ownAccess = await requireLetterAccess(getDb(), stranger, other.id, 'moderate')
    const theirs = suspectedFor(getDb(), ownAccess)
    expect(await theirs.release([suspects[0]!.id], context)).toEqual({
      released: 0,
      notEmailed: 0,
      alreadyHandled: 1,
    })
    expect(await theirs.discard([suspects[0]!.id], context.appUrl)).toEqual({ decided: 0, alreadyDecided: 1 })
    expect(await getSignatureById(getDb(), suspects[0]!.id)).toMatchObject({
      status: 'unconfirmed',
      quarantine_reason: 'ip-burst-limit',
    })
  })
})

describe('releasing', () => {
  test('lifts the quarantine, sends the confirmation email signing would have sent, and is audited; the signer then confirms as usual', async () => {
    const { letter, suspects } = await letterWithSuspects(['ip-burst-limit'])
    const { user, access } = await accessAs(letter.id, 'moderator')
    const suspect = suspects[0]!
    expect(await listOutboxEmailsTo(getDb(), suspect.email)).toEqual([])

    const outcome = await suspectedFor(getDb(), access).release([suspect.id], context)
    expect(outcome).toEqual({ released: 1, notEmailed: 0, alreadyHandled: 0 })
    expect(await getSignatureById(getDb(), suspect.id)).toMatchObject({
      status: 'unconfirmed',
      quarantine_reason: null,
      quarantined_at: null,
      emails_sent: 1,
    })
    const emails = await listOutboxEmailsTo(getDb(), suspect.email)
    expect(emails.map((email) => email.template)).toEqual(['confirm-signature'])

    const event = await getDb()
      .selectFrom('audit_events')
      .selectAll()
      .where('signature_id', '=', suspect.id)
      .where('action', '=', 'signature.released')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      actor_user_id: user.id,
      before: '{"quarantine":"ip-burst-limit"}',
      after: '{"quarantine":null}',
    })

    const confirmed = await confirmSignatureByToken(getDb(), await latestConfirmationToken(suspect.email), {
      appUrl: 'http://localhost:3000',
    })
    expect(confirmed).toMatchObject({ kind: 'confirmed', status: 'approved' })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1, unconfirmed: 0 })
  })

  test('a row someone else already handled is reported, never released twice or emailed twice', async () => {
    const { letter, suspects } = await letterWithSuspects(['ip-burst-limit', 'blocked-ip-range'])
    const first = suspectedFor(getDb(), (await accessAs(letter.id, 'moderator')).access)
    const second = suspectedFor(getDb(), (await accessAs(letter.id, 'organizer')).access)
    await first.release([suspects[0]!.id], context)
    await first.discard([suspects[1]!.id], context.appUrl)
    expect(
      await second.release(
        suspects.map((s) => s.id),
        context,
      ),
    ).toEqual({ released: 0, notEmailed: 0, alreadyHandled: 2 })
    expect(await listOutboxEmailsTo(getDb(), suspects[0]!.email)).toHaveLength(1)
    expect(await listOutboxEmailsTo(getDb(), suspects[1]!.email)).toEqual([])
  })

  test('an address that had too much mail is released but not emailed now, and says so', async () => {
    const { letter, suspects } = await letterWithSuspects(['ip-burst-limit'])
    const { access } = await accessAs(letter.id, 'moderator')
    const noMail = { max: 1, windowMs: 3_600_000 }
    const limits = {
      RATE_LIMIT_SIGN_BURST: { max: 100, windowMs: 60_000 },
      RATE_LIMIT_SIGN_SUSTAINED: { max: 100, windowMs: 3_600_000 },
      RATE_LIMIT_CONFIRMATION_EMAILS: noMail,
      BUSY_SOURCE_FLAG: { max: 100, windowMs: 600_000 },
    }
    // The same address signed another letter: its one email this hour is spent.
    const elsewhere = await getLetterBySlug(getDb(), (await createTestLetter(getDb())).slug)
    await signLetter(
      getDb(),
      elsewhere!,
      {
        name: 'Suspect 0',
        email: suspects[0]!.email,
        profession: 'Public defender',
        organization: 'County Public Defender',
        location: 'Oakland, CA',
        licenceNumber: null,
        comment: null,
        listing: 'listed',
        wantsUpdates: false,
      },
      { ...context, limits },
    )
    expect(await suspectedFor(getDb(), access).release([suspects[0]!.id], { ...context, limits })).toEqual({
      released: 1,
      notEmailed: 1,
      alreadyHandled: 0,
    })
    expect(await listOutboxEmailsTo(getDb(), suspects[0]!.email)).toHaveLength(1)
  })
})

describe('discarding', () => {
  test('rejects as fake through the set-wise decision, audited, and writes nothing to the address even when the letter tells rejected signers', async () => {
    const { letter, suspects } = await letterWithSuspects(['blocked-domain', 'ip-sustained-limit'], {
      moderationRequired: true,
      notifyOnReject: true,
    })
    const { user, access } = await accessAs(letter.id, 'moderator')
    const outcome = await suspectedFor(getDb(), access).discard(
      suspects.map((s) => s.id),
      context.appUrl,
    )
    expect(outcome).toEqual({ decided: 2, alreadyDecided: 0 })
    for (const suspect of suspects) {
      expect(await getSignatureById(getDb(), suspect.id)).toMatchObject({
        status: 'rejected',
        rejection_reason: 'fake',
        decided_by_user_id: user.id,
        // Kept, so the address stays silent if it signs again.
        quarantine_reason: suspect.quarantine_reason,
      })
      expect(await listOutboxEmailsTo(getDb(), suspect.email)).toEqual([])
    }
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 0, rejected: 2 })
    const events = await getDb()
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'signature.discarded')
      .orderBy('id')
      .execute()
    expect(events).toEqual([
      {
        action: 'signature.discarded',
        before: '{"status":"unconfirmed","quarantine":"blocked-domain"}',
        after: '{"status":"rejected","reason":"fake"}',
      },
      {
        action: 'signature.discarded',
        before: '{"status":"unconfirmed","quarantine":"ip-sustained-limit"}',
        after: '{"status":"rejected","reason":"fake"}',
      },
    ])

    // A discarded signature never confirmed its address: approving it from the Rejected tab does nothing.
    const moderation = moderationFor(getDb(), access)
    expect(await moderation.decide([suspects[0]!.id], { kind: 'approve' }, context.appUrl)).toEqual({
      decided: 0,
      alreadyDecided: 1,
    })
  })

  test('touches neither ordinary unconfirmed signatures nor released ones', async () => {
    const { letter, suspects } = await letterWithSuspects(['ip-burst-limit'])
    const ordinary = await createTestSignature(getDb(), letter, { email: uniqueEmail('plain') })
    const { access } = await accessAs(letter.id, 'moderator')
    const suspected = suspectedFor(getDb(), access)
    await suspected.release([suspects[0]!.id], context)
    expect(await suspected.discard([ordinary.id, suspects[0]!.id], context.appUrl)).toEqual({
      decided: 0,
      alreadyDecided: 2,
    })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 2, rejected: 0 })
  })
})
