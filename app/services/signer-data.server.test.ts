import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts, getPublicCounts } from '~/models/signature-count.server'
import { getSignatureById, listPublicSignatories } from '~/models/signature.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { getDb } from '~/utils/db.server'
import { erasedEmailFor } from '~/utils/erasure'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, uniqueEmail, validSignatureForm } from '../../tests/factories'
import type { AbuseLimits } from './abuse-screening.server'
import { deliverDueEmails, type Mailer } from './email-delivery.server'
import { requireLetterAccess } from './letter-access.server'
import { moderationFor } from './moderation.server'
import { readOutboxMessage } from './outbox-admin.server'
import { signerDataFor } from './signer-data.server'
import { confirmSignatureByToken, signLetter } from './signing.server'

const appUrl = 'http://localhost:3000'
const generous = { max: 1000, windowMs: 3_600_000 }
// Every submission gets a "busy network" and a "busy domain" flag, so those are covered too.
const limits: AbuseLimits = {
  RATE_LIMIT_SIGN_BURST: generous,
  RATE_LIMIT_SIGN_SUSTAINED: generous,
  RATE_LIMIT_CONFIRMATION_EMAILS: generous,
  BUSY_SOURCE_FLAG: { max: 0, windowMs: 3_600_000 },
}

async function openLetter(traits: { moderationRequired?: boolean } = {}) {
  const created = await createTestLetter(getDb(), traits)
  return (await getLetterBySlug(getDb(), created.slug))!
}

type OpenLetter = Awaited<ReturnType<typeof openLetter>>

/** Signs through the real flow (with a client address, a comment and a licence number) and confirms. */
async function signAndConfirm(
  letter: OpenLetter,
  signer: { email: string; clientIp: string; name?: string; licenceNumber?: string; confirm?: boolean },
) {
  const input = signLetterSchema.parse(
    validSignatureForm({
      email: signer.email,
      name: signer.name ?? 'Zoë Nguyễn-Adams',
      comment: 'Call me about the hearing on Tuesday.',
      licenceNumber: signer.licenceNumber ?? 'CA-4471',
    }),
  )
  const { signatureId } = await signLetter(getDb(), letter, input, {
    appUrl,
    confirmationTtlHours: 48,
    clientIp: signer.clientIp,
    limits,
  })
  if (signer.confirm !== false) {
    const email = (await listOutboxEmailsTo(getDb(), signer.email)).find(
      (row) => row.signature_id === signatureId,
    )
    const { confirmUrl } = JSON.parse(email!.secret_payload!) as { confirmUrl: string }
    const result = await confirmSignatureByToken(getDb(), confirmUrl.split('/confirm/')[1]!, {
      appUrl: 'http://localhost:3000',
    })
    expect(result.kind).toBe('confirmed')
  }
  return (await getSignatureById(getDb(), signatureId))!
}

async function ownerAccess(letterId: number) {
  const owner = await createTestUser(getDb(), { role: 'owner' })
  return { owner, access: await requireLetterAccess(getDb(), owner, letterId, 'manage-signer-data') }
}

/** Every table whose rows contain this text anywhere (any column, any case). */
async function tablesHolding(text: string): Promise<string[]> {
  const db = getDb()
  const tables = await sql<{ name: string }>`select name from sqlite_master
    where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db)
  const found: string[] = []
  for (const { name } of tables.rows) {
    const rows = await sql.raw<Record<string, unknown>>(`select * from "${name}"`).execute(db)
    if (rows.rows.some((row) => JSON.stringify(row).toLowerCase().includes(text.toLowerCase()))) {
      found.push(name)
    }
  }
  return found
}

async function publicState(letter: OpenLetter) {
  const db = getDb()
  return {
    counts: await getLetterCounts(db, letter.id),
    publicCounts: await getPublicCounts(db, letter),
    list: await listPublicSignatories(db, letter, { pageSize: 100 }),
  }
}

describe('erasing one signer’s data', () => {
  test('keeps counts and the public list as they were, and leaves no copy of the address or IP anywhere', async () => {
    const db = getDb()
    const letter = await openLetter()
    const email = uniqueEmail('erase-me')
    const clientIp = '198.51.100.23'
    const signature = await signAndConfirm(letter, { email, clientIp })
    const other = await signAndConfirm(letter, {
      email: uniqueEmail('stays'),
      clientIp: '198.51.100.99',
      licenceNumber: 'CA-9902',
    })
    expect(signature).toMatchObject({ status: 'approved', client_ip: clientIp, ip_range: '198.51.100.0/24' })
    expect(await tablesHolding(email)).toEqual(
      expect.arrayContaining(['signatures', 'email_outbox', 'rate_limit_hits']),
    )
    expect(await tablesHolding(clientIp)).toEqual(expect.arrayContaining(['signatures', 'rate_limit_hits']))
    const before = await publicState(letter)

    const { owner, access } = await ownerAccess(letter.id)
    const outcome = await signerDataFor(db, access).erase(` ${email.toUpperCase()} `)
    expect(outcome).toMatchObject({ kind: 'erased', signatureId: signature.id, name: signature.name })

    expect(await tablesHolding(email)).toEqual([])
    expect(await tablesHolding(clientIp)).toEqual([])
    expect(await tablesHolding('Call me about the hearing')).toEqual(['signatures']) // the other's comment
    expect(await publicState(letter)).toEqual(before)

    const erased = (await getSignatureById(db, signature.id))!
    expect(erased).toEqual({
      ...signature,
      email: erasedEmailFor(signature.id),
      email_domain: 'erased.invalid',
      client_ip: null,
      ip_range: null,
      comment: null,
      erased_at: expect.any(String),
    })
    // The licence number is the evidence behind a registry check: kept (ADR 017).
    expect(erased.licence_number).toBe('CA-4471')

    for (const table of ['signature_tokens', 'signature_manage_tokens'] as const) {
      expect(
        await db.selectFrom(table).select('id').where('signature_id', '=', signature.id).execute(),
      ).toEqual([])
    }
    const emails = await db
      .selectFrom('email_outbox')
      .selectAll()
      .where('signature_id', '=', signature.id)
      .execute()
    expect(emails.length).toBeGreaterThan(0)
    for (const row of emails) {
      expect(row).toMatchObject({
        to_address: erasedEmailFor(signature.id),
        payload: '{}',
        secret_payload: null,
      })
    }
    // Queued and never sent (no worker in tests): given up, and it says why.
    expect(emails.every((row) => row.status === 'failed' && /nothing was sent/.test(row.last_error!))).toBe(
      true,
    )
    const flags = await db
      .selectFrom('signature_flags')
      .selectAll()
      .where('signature_id', '=', signature.id)
      .execute()
    expect(flags.map((flag) => flag.kind).sort()).toEqual(['busy-email-domain', 'busy-ip-range'])
    expect(JSON.parse(flags.find((flag) => flag.kind === 'busy-ip-range')!.detail!)).toEqual({ count: 1 })

    // The other signer is untouched.
    expect(await getSignatureById(db, other.id)).toMatchObject({
      email: other.email,
      client_ip: '198.51.100.99',
    })

    const events = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'signature.erased')
      .where('signature_id', '=', signature.id)
      .execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actor_user_id: owner.id, letter_id: letter.id })
    expect(JSON.parse(events[0]!.after!)).toMatchObject({ emails: emails.length, links: expect.any(Number) })

    // Once erased, the address finds nothing; the owner's outbox page says what happened.
    expect(await signerDataFor(db, access).erase(email)).toEqual({ kind: 'not-found' })
    expect(await signerDataFor(db, access).find(email)).toBeNull()
    const view = await readOutboxMessage(db, owner, emails[0]!.id)
    expect(view).toMatchObject({ html: null, text: null, renderError: expect.stringMatching(/erased/) })
  })

  test('erases on one letter only: the same person’s signature of another letter keeps its data', async () => {
    const db = getDb()
    const [first, second] = [await openLetter(), await openLetter()]
    const email = uniqueEmail('two-letters')
    const onFirst = await signAndConfirm(first, { email, clientIp: '198.51.100.41' })
    const onSecond = await signAndConfirm(second, { email, clientIp: '198.51.100.41' })
    const { access } = await ownerAccess(first.id)
    expect((await signerDataFor(db, access).erase(email)).kind).toBe('erased')

    expect((await getSignatureById(db, onFirst.id))!.email).toBe(erasedEmailFor(onFirst.id))
    expect(await getSignatureById(db, onSecond.id)).toMatchObject({ email, client_ip: '198.51.100.41' })
    expect(
      await db
        .selectFrom('signature_manage_tokens')
        .select('id')
        .where('signature_id', '=', onSecond.id)
        .execute(),
    ).not.toEqual([])
    expect((await listOutboxEmailsTo(db, email)).every((row) => row.signature_id === onSecond.id)).toBe(true)
  })

  test('an erased signature can still be moderated, and nothing is ever sent to its placeholder', async () => {
    const db = getDb()
    const letter = await openLetter({ moderationRequired: true })
    const email = uniqueEmail('awaiting')
    const signature = await signAndConfirm(letter, { email, clientIp: '198.51.100.52' })
    expect(signature.status).toBe('confirmed')
    const { owner, access } = await ownerAccess(letter.id)
    await signerDataFor(db, access).erase(email)

    // The approval would tell the signer (notify_on_approve): the message is written, then given up.
    const moderation = moderationFor(db, await requireLetterAccess(db, owner, letter.id, 'moderate'))
    expect(await moderation.decide([signature.id], { kind: 'approve' }, appUrl)).toEqual({
      decided: 1,
      alreadyDecided: 0,
    })
    const sent: string[] = []
    const mailer: Mailer = {
      async send(message) {
        sent.push(message.to)
        return { status: 'delivered_locally' }
      },
    }
    await deliverDueEmails(db, mailer, { from: 'Test <test@undersigned.test>' })
    expect(sent.filter((to) => to.endsWith('@erased.invalid'))).toEqual([])
    const approval = await db
      .selectFrom('email_outbox')
      .selectAll()
      .where('signature_id', '=', signature.id)
      .where('template', '=', 'signature-approved')
      .executeTakeFirstOrThrow()
    expect(approval).toMatchObject({
      status: 'failed',
      secret_payload: null,
      last_error: expect.stringMatching(/erased/),
    })
    expect(await getLetterCounts(db, letter.id)).toMatchObject({ approved: 1 })
  })

  test('only owners: organizers, moderators and other letters’ members are refused', async () => {
    const db = getDb()
    const letter = await openLetter()
    const elsewhere = await openLetter()
    for (const [letterId, memberRole] of [
      [letter.id, 'organizer'],
      [letter.id, 'moderator'],
      [elsewhere.id, 'organizer'],
    ] as const) {
      const user = await createTestUser(db, { letterId, memberRole })
      const refused = await requireLetterAccess(db, user, letter.id, 'manage-signer-data').catch(
        (error) => error,
      )
      expect(refused).toBeInstanceOf(Response)
      expect((refused as Response).status).toBe(403)
    }
    // A service built from a weaker access refuses too.
    const organizer = await createTestUser(db, { letterId: letter.id, memberRole: 'organizer' })
    const editAccess = await requireLetterAccess(db, organizer, letter.id, 'edit')
    expect(() => signerDataFor(db, editAccess)).toThrow(Response)
  })
})

describe('exporting one signer’s data', () => {
  test('holds the record, flags, emails and audit events, and no secret or other person’s data', async () => {
    const db = getDb()
    const letter = await openLetter({ moderationRequired: true })
    const email = uniqueEmail('export-me')
    const signature = await signAndConfirm(letter, { email, clientIp: '198.51.100.63' })
    const moderator = await createTestUser(db, { letterId: letter.id, memberRole: 'moderator' })
    await moderationFor(db, await requireLetterAccess(db, moderator, letter.id, 'moderate')).verify(
      signature.id,
      'Listed on the county roster',
    )
    const { owner, access } = await ownerAccess(letter.id)

    const document = (await signerDataFor(db, access).exportData(email))!
    expect(document).toMatchObject({
      format: 'undersigned-signer-data/1',
      exportedBy: owner.display_name,
      letter: { id: letter.id, slug: letter.slug, title: letter.title },
      signature: {
        id: signature.id,
        email,
        client_ip: '198.51.100.63',
        ip_range: '198.51.100.0/24',
        comment: 'Call me about the hearing on Tuesday.',
        licence_number: 'CA-4471',
        verification_level: 'moderator',
        verification_evidence: 'Listed on the county roster',
        // Who checked, by name: a team member's address is not the signer's data.
        verified_by: moderator.display_name,
      },
    })
    expect(document.flags.map((flag) => flag.kind).sort()).toEqual(['busy-email-domain', 'busy-ip-range'])
    expect(document.emails.map((row) => row.template)).toEqual(['confirm-signature'])
    expect(document.emails[0]).toMatchObject({ to_address: email, content: { signerName: signature.name } })
    expect(document.confirmationLinks).toHaveLength(1)
    expect(document.confirmationLinks[0]).toMatchObject({ used_at: expect.any(String) })
    expect(document.manageLinks.length).toBeGreaterThan(0)
    expect(document.auditEvents.map((event) => event.action)).toEqual([
      'signature.flagged',
      'signature.verified',
    ])
    expect(document.auditEvents[1]!.actor).toEqual({ type: 'user', name: moderator.display_name })

    // No secrets: no hashes, no links or codes, no idempotency keys, no team member's address.
    const text = JSON.stringify(document)
    const hashes = [
      ...(
        await db
          .selectFrom('signature_tokens')
          .select(['token_hash', 'code_hash'])
          .where('signature_id', '=', signature.id)
          .execute()
      ).flatMap((row) => [row.token_hash, row.code_hash]),
      ...(
        await db
          .selectFrom('signature_manage_tokens')
          .select('token_hash')
          .where('signature_id', '=', signature.id)
          .execute()
      ).map((row) => row.token_hash),
    ]
    expect(hashes.length).toBeGreaterThan(1)
    for (const hash of hashes) expect(text).not.toContain(hash)
    const outbox = await listOutboxEmailsTo(db, email)
    for (const row of outbox) {
      expect(text).not.toContain(row.idempotency_key)
      if (row.secret_payload) {
        for (const secret of Object.values(JSON.parse(row.secret_payload) as Record<string, string>)) {
          expect(text).not.toContain(secret)
        }
      }
    }
    expect(text).not.toMatch(/secret_payload|idempotency_key|token_hash|code_hash|\/confirm\/|\/manage\//)
    expect(text).not.toContain(moderator.email)
    expect(text).not.toContain(owner.email)

    // Handing it out is audited, without its contents.
    const exported = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'signature.exported')
      .where('signature_id', '=', signature.id)
      .executeTakeFirstOrThrow()
    expect(exported.actor_user_id).toBe(owner.id)
    expect(exported.after).not.toContain(email)
  })

  test('says nothing about another signer who claimed the same licence number', async () => {
    const db = getDb()
    const letter = await openLetter({ moderationRequired: true })
    const email = uniqueEmail('claimant')
    await signAndConfirm(letter, {
      email: uniqueEmail('first'),
      clientIp: '198.51.100.71',
      name: 'Imogen Rask',
    })
    await signAndConfirm(letter, { email, clientIp: '198.51.100.72', name: 'Tobias Wren' })
    const { access } = await ownerAccess(letter.id)
    const document = (await signerDataFor(db, access).exportData(email))!
    expect(document.flags.map((flag) => flag.kind)).toContain('licence-conflict')
    expect(JSON.stringify(document)).not.toContain('Imogen Rask')
  })

  test('an unknown address exports nothing and records nothing', async () => {
    const db = getDb()
    const letter = await openLetter()
    const { access } = await ownerAccess(letter.id)
    expect(await signerDataFor(db, access).exportData(uniqueEmail('nobody'))).toBeNull()
    expect(
      await db
        .selectFrom('audit_events')
        .select('id')
        .where('letter_id', '=', letter.id)
        .where('action', '=', 'signature.exported')
        .execute(),
    ).toEqual([])
  })
})
