import { describe, expect, test } from 'vitest'
import { listAuditEvents } from '~/models/audit.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { insertSignatureFlag, listOpenFlagsFor } from '~/models/signature-flag.server'
import { getSignatureById, insertSignature, listPublicSignatories } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, uniqueEmail } from '../../tests/factories'
import { requireLetterAccess } from './letter-access.server'
import { moderationFor } from './moderation.server'

const appUrl = 'http://localhost:3000'

async function letterWithQueue(count: number, traits: { notifyOnReject?: boolean } = {}) {
  const db = getDb()
  const letter = await createTestLetter(db, { moderationRequired: true })
  if (traits.notifyOnReject)
    await db.updateTable('letters').set({ notify_on_reject: 1 }).where('id', '=', letter.id).execute()
  // One transaction for the lot: hundreds of separate commits (each an fsync) make a slow test.
  const signatures = await db.transaction().execute(async (trx) => {
    const rows = []
    for (let index = 0; index < count; index++) {
      rows.push(
        await insertSignature(trx, {
          letterId: letter.id,
          letterVersionId: letter.version.id,
          name: `Queued ${index}`,
          email: uniqueEmail(),
          profession: 'Public defender',
          organization: index % 2 ? 'Public Defender' : 'Law School',
          location: 'Oakland, CA',
          licenceNumber: null,
          comment: null,
          listing: index % 3 === 0 ? 'counted' : 'listed',
          status: 'confirmed',
        }),
      )
    }
    return rows
  })
  const moderator = await createTestUser(db, { letterId: letter.id, memberRole: 'moderator' })
  const access = await requireLetterAccess(db, moderator, letter.id, 'moderate')
  return { letter, signatures, moderator, moderation: moderationFor(db, access) }
}

describe('moderationFor', () => {
  test('approving moves counts, lists the names, writes audit events and tells the signers', async () => {
    const { letter, signatures, moderation } = await letterWithQueue(3)
    const outcome = await moderation.decide(
      signatures.map((s) => s.id),
      { kind: 'approve' },
      appUrl,
    )
    expect(outcome).toEqual({ decided: 3, alreadyDecided: 0 })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
      confirmed: 0,
      approved: 3,
      approvedListed: 2,
      approvedCounted: 1,
    })
    const page = await listPublicSignatories(getDb(), letter, { pageSize: 10 })
    expect(page.signatories.map((s) => s.name)).toEqual(['Queued 1', 'Queued 2'])

    const events = await getDb()
      .selectFrom('audit_events')
      .selectAll()
      .where('letter_id', '=', letter.id)
      .execute()
    expect(events).toHaveLength(3)
    expect(events[0]).toMatchObject({
      action: 'signature.approved',
      actor_type: 'user',
      before: '{"status":"confirmed"}',
    })
    const emails = await getDb()
      .selectFrom('email_outbox')
      .selectAll()
      .where('letter_id', '=', letter.id)
      .execute()
    expect(emails.map((email) => email.template)).toEqual([
      'signature-approved',
      'signature-approved',
      'signature-approved',
    ])
    expect(JSON.parse(emails[0]!.secret_payload!).manageUrl).toMatch(
      /^http:\/\/localhost:3000\/manage\/[A-Za-z0-9_-]{43}$/,
    )
  })

  test('rejecting records the reason; the signer is told only when the letter says so', async () => {
    const quiet = await letterWithQueue(1)
    await quiet.moderation.decide(
      [quiet.signatures[0]!.id],
      { kind: 'reject', reason: 'fake', note: 'Not a real bar number' },
      appUrl,
    )
    expect(await getSignatureById(getDb(), quiet.signatures[0]!.id)).toMatchObject({
      status: 'rejected',
      rejection_reason: 'fake',
      rejection_note: 'Not a real bar number',
      decided_by_user_id: quiet.moderator.id,
    })
    expect(
      await getDb()
        .selectFrom('email_outbox')
        .select('id')
        .where('letter_id', '=', quiet.letter.id)
        .execute(),
    ).toEqual([])

    const told = await letterWithQueue(1, { notifyOnReject: true })
    await told.moderation.decide(
      [told.signatures[0]!.id],
      { kind: 'reject', reason: 'not-eligible', note: null },
      appUrl,
    )
    const emails = await getDb()
      .selectFrom('email_outbox')
      .select('template')
      .where('letter_id', '=', told.letter.id)
      .execute()
    expect(emails).toEqual([{ template: 'signature-rejected' }])
  })

  test('a decision already made by someone else is not made twice, nor counted twice', async () => {
    const { letter, signatures, moderation } = await letterWithQueue(2)
    const ids = signatures.map((s) => s.id)
    const [first, second] = await Promise.all([
      moderation.decide(ids, { kind: 'approve' }, appUrl),
      moderation.decide(ids, { kind: 'approve' }, appUrl),
    ])
    expect([first, second]).toEqual([
      { decided: 2, alreadyDecided: 0 },
      { decided: 0, alreadyDecided: 2 },
    ])
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 2, confirmed: 0 })
  })

  test('a decision can be reversed, and signatures of other letters or other states are untouched', async () => {
    const { letter, signatures, moderation } = await letterWithQueue(2)
    const other = await createTestLetter(getDb(), { moderationRequired: true })
    const foreign = await createTestSignature(getDb(), other, { status: 'confirmed' })
    const unconfirmed = await createTestSignature(getDb(), letter, { status: 'unconfirmed' })

    await moderation.decide([signatures[0]!.id], { kind: 'approve' }, appUrl)
    const outcome = await moderation.decide(
      [signatures[0]!.id, foreign.id, unconfirmed.id],
      { kind: 'reject', reason: 'duplicate', note: null },
      appUrl,
    )
    expect(outcome).toEqual({ decided: 1, alreadyDecided: 2 })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
      approved: 0,
      rejected: 1,
      confirmed: 1,
      unconfirmed: 1,
    })
    expect((await getSignatureById(getDb(), foreign.id))!.status).toBe('confirmed')

    // Approved again later: the signer is told, with the manage link to withdraw if they wish.
    await moderation.decide([signatures[0]!.id], { kind: 'approve' }, appUrl)
    const told = await getDb()
      .selectFrom('email_outbox')
      .select('template')
      .where('signature_id', '=', signatures[0]!.id)
      .execute()
    expect(told.map((email) => email.template)).toEqual(['signature-approved', 'signature-approved'])
  })

  test('bulk-approves 500 matching a filter', async () => {
    const { letter, moderation } = await letterWithQueue(500)
    const ids = await moderation.listMatchingIds({ status: 'confirmed', search: 'law school' })
    expect(ids).toHaveLength(250)
    expect(await moderation.decide(ids, { kind: 'approve' }, appUrl)).toEqual({
      decided: 250,
      alreadyDecided: 0,
    })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 250, confirmed: 250 })
  })

  test('filters the queue by profession, domain and search', async () => {
    const db = getDb()
    const { letter, moderation } = await letterWithQueue(0)
    await createTestSignature(db, letter, {
      status: 'confirmed',
      name: 'Ana Lima',
      email: 'ana@pd.lacounty.gov',
    })
    await createTestSignature(db, letter, {
      status: 'confirmed',
      name: 'Ben Ode',
      email: 'ben@gmail.com',
      organization: 'Lima & Partners',
    })
    const names = async (filter: Parameters<typeof moderation.listQueue>[0]) =>
      (await moderation.listQueue(filter, { pageSize: 50 })).rows.map((row) => row.name)
    expect(await names({ status: 'confirmed', domain: 'pd.lacounty.gov' })).toEqual(['Ana Lima'])
    expect(await names({ status: 'confirmed', domain: 'lacounty.gov' })).toEqual([])
    expect(await names({ status: 'confirmed', domain: 'pd.lacounty' })).toEqual([])
    // Wildcards are text: "%" is not "every domain".
    expect(await names({ status: 'confirmed', domain: '%' })).toEqual([])
    expect(await names({ status: 'confirmed', domain: 'gmail_com' })).toEqual([])
    expect(await names({ status: 'confirmed', search: 'lima' })).toEqual(['Ana Lima', 'Ben Ode'])
    // An address matches whole, never in part (moderators see domains only).
    expect(await names({ status: 'confirmed', search: 'gmail' })).toEqual([])
    expect(await names({ status: 'confirmed', search: 'ben@' })).toEqual([])
    expect(await names({ status: 'confirmed', search: ' Ben@Gmail.com ' })).toEqual(['Ben Ode'])
    expect(await names({ status: 'confirmed', profession: 'Public defender' })).toEqual([
      'Ana Lima',
      'Ben Ode',
    ])
    expect(await names({ status: 'approved' })).toEqual([])
  })

  test('a moderator of one letter cannot moderate another', async () => {
    const { moderator } = await letterWithQueue(0)
    const other = await createTestLetter(getDb())
    await expect(requireLetterAccess(getDb(), moderator, other.id, 'moderate')).rejects.toMatchObject({
      status: 403,
    })
  })
})

describe('a moderator’s check', () => {
  test('verifies the profession and answers the signature’s open flags, which the audit names', async () => {
    const db = getDb()
    const { letter, signatures, moderation } = await letterWithQueue(2)
    const [checked, other] = signatures as [(typeof signatures)[number], (typeof signatures)[number]]
    await insertSignatureFlag(db, {
      signatureId: checked.id,
      kind: 'licence-not-found',
      detail: { number: '1' },
    })
    await insertSignatureFlag(db, {
      signatureId: other.id,
      kind: 'licence-not-found',
      detail: { number: '2' },
    })

    expect(await moderation.verify(checked.id, 'https://bar.example/profile/1')).toBe(true)

    expect(await getSignatureById(db, checked.id)).toMatchObject({
      verification_level: 'moderator',
      verification_method: 'moderator-check',
      verification_evidence: 'https://bar.example/profile/1',
    })
    expect(await listOpenFlagsFor(db, [checked.id, other.id])).toMatchObject([{ signature_id: other.id }])
    const [event] = (await listAuditEvents(db, letter.id, { pageSize: 10 })).events.filter(
      (row) => row.action === 'signature.verified',
    )
    expect(JSON.parse(event!.after!)).toMatchObject({
      level: 'moderator',
      resolvedFlags: ['licence-not-found'],
    })
  })
})
