import { sql } from 'kysely'
import type { DB } from '#db/database'
import type { AuditEvent, BlockRule, OutboxEmail, Signature, SignatureFlag } from '#db/schema'
import { ERASED_EMAIL_DOMAIN } from '~/utils/erasure'

// Everything stored about one signer of one letter, and its erasure (ADR 017). Erasure takes the
// email address, the network address and range, the comment, every link and code, and the copies
// of the emails we sent; the public record (name, profession, organization, location, status,
// verification) stays, so counts and the public list do not move.

export type ErasureCounts = {
  /** Signatures erased now (already erased ones are skipped). */
  signatures: number
  /** Outbox messages whose address and content were erased. */
  emails: number
  /** Confirmation and "manage your signature" links deleted. */
  links: number
}

const NOTHING_ERASED: ErasureCounts = { signatures: 0, emails: 0, links: 0 }

/** What a message queued but never sent reads as once its address is gone. */
export const ERASED_BEFORE_DELIVERY = 'Erased before delivery: nothing was sent.'

/** In SQL, the same placeholder as erasedEmailFor(id) for a row's own id column. */
const placeholderFor = (idColumn: 'id' | 'signature_id') =>
  sql<string>`'erased-' || ${sql.ref(idColumn)} || ${`@${ERASED_EMAIL_DOMAIN}`}`

/**
 * Erases the contact and network data of these signatures of one letter, set-wise, in the
 * caller's transaction. Signatures of other letters, and ones already erased, are left alone.
 * The audit log is not touched: no writer puts an address in it.
 */
export async function eraseSignerData(
  db: DB,
  letterId: number,
  signatureIds: number[],
  now = new Date(),
): Promise<ErasureCounts & { erasedIds: number[] }> {
  if (signatureIds.length === 0) return { ...NOTHING_ERASED, erasedIds: [] }
  const rows = await db
    .selectFrom('signatures')
    .select(['id', 'email', 'client_ip'])
    .where('letter_id', '=', letterId)
    .where('id', 'in', signatureIds)
    .where('erased_at', 'is', null)
    .execute()
  if (rows.length === 0) return { ...NOTHING_ERASED, erasedIds: [] }
  const ids = rows.map((row) => row.id)

  await db
    .updateTable('signatures')
    .set({
      email: placeholderFor('id'),
      client_ip: null,
      ip_range: null,
      comment: null,
      erased_at: now.toISOString(),
    })
    .where('id', 'in', ids)
    .execute()

  const tokens = await db.deleteFrom('signature_tokens').where('signature_id', 'in', ids).executeTakeFirst()
  const manageTokens = await db
    .deleteFrom('signature_manage_tokens')
    .where('signature_id', 'in', ids)
    .executeTakeFirst()

  // The messages stay as a record that something was sent, and when; not to whom, nor what it said.
  // One still waiting is given up: its address is gone.
  const emails = await db
    .updateTable('email_outbox')
    .set({
      to_address: placeholderFor('signature_id'),
      payload: '{}',
      secret_payload: null,
      last_error: sql<
        string | null
      >`case when status = 'pending' then ${ERASED_BEFORE_DELIVERY} else null end`,
      status: sql<OutboxEmail['status']>`case when status = 'pending' then 'failed' else status end`,
    })
    .where('signature_id', 'in', ids)
    .executeTakeFirst()

  // A "busy network" flag names the signer's range: the flag stays for moderators, the range goes.
  await db
    .updateTable('signature_flags')
    .set({ detail: sql<string>`json_remove(detail, '$.range')` })
    .where('signature_id', 'in', ids)
    .where('kind', '=', 'busy-ip-range')
    .where(sql<boolean>`json_valid(detail)`)
    .execute()

  // Rate-limit windows keyed on the address or the client (they would expire within the hour).
  const buckets = rows.flatMap((row) => [
    `signer-mail:${row.email}`,
    ...(row.client_ip
      ? [`sign-burst:${letterId}:${row.client_ip}`, `sign-sustained:${letterId}:${row.client_ip}`]
      : []),
  ])
  for (let start = 0; start < buckets.length; start += 900) {
    await db
      .deleteFrom('rate_limit_hits')
      .where('bucket', 'in', buckets.slice(start, start + 900))
      .execute()
  }

  return {
    signatures: ids.length,
    emails: Number(emails.numUpdatedRows),
    links: Number(tokens.numDeletedRows) + Number(manageTokens.numDeletedRows),
    erasedIds: ids,
  }
}

/** Up to `limit` signatures of the letter that still hold data, in id order (for retention). */
export async function listUnerasedSignatureIds(db: DB, letterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('signatures')
    .select('id')
    .where('letter_id', '=', letterId)
    .where('erased_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => row.id)
}

export type StoredSignerData = {
  signature: Signature
  flags: SignatureFlag[]
  /** The outbox rows without their links and codes or idempotency key. */
  emails: Array<Omit<OutboxEmail, 'secret_payload' | 'idempotency_key'>>
  /** When each confirmation link and code was issued, expired and used; never the hashes. */
  confirmationLinks: Array<{ created_at: string; expires_at: string; used_at: string | null }>
  manageLinks: Array<{ created_at: string }>
  auditEvents: AuditEvent[]
  /** The letter's rules that block this very address. */
  blockRules: BlockRule[]
}

/** Everything stored about one signature, read in one snapshot. */
export async function readStoredSignerData(db: DB, signature: Signature): Promise<StoredSignerData> {
  const [flags, emails, confirmationLinks, manageLinks, auditEvents, blockRules] = await Promise.all([
    db
      .selectFrom('signature_flags')
      .selectAll()
      .where('signature_id', '=', signature.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('email_outbox')
      .select([
        'id',
        'template',
        'to_address',
        'subject',
        'payload',
        'status',
        'attempts',
        'next_attempt_at',
        'last_error',
        'provider_message_id',
        'letter_id',
        'signature_id',
        'created_at',
        'sent_at',
        'priority',
      ])
      .where('signature_id', '=', signature.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('signature_tokens')
      .select(['created_at', 'expires_at', 'used_at'])
      .where('signature_id', '=', signature.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('signature_manage_tokens')
      .select(['created_at'])
      .where('signature_id', '=', signature.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('audit_events')
      .selectAll()
      .where('signature_id', '=', signature.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('block_rules')
      .selectAll()
      .where('letter_id', '=', signature.letter_id)
      .where('kind', '=', 'email')
      .where('value', '=', signature.email)
      .execute(),
  ])
  return { signature, flags, emails, confirmationLinks, manageLinks, auditEvents, blockRules }
}

export async function countUnerasedSignatures(db: DB, letterId: number): Promise<number> {
  const row = await db
    .selectFrom('signatures')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('letter_id', '=', letterId)
    .where('erased_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function updateRetentionDays(db: DB, letterId: number, days: number | null, now = new Date()) {
  await db
    .updateTable('letters')
    .set({ retention_days: days, updated_at: now.toISOString() })
    .where('id', '=', letterId)
    .execute()
}

/** Letters with a retention setting: the retention job's candidates. */
export async function listLettersWithRetention(db: DB) {
  return db
    .selectFrom('letters')
    .select(['id', 'slug', 'status', 'closes_at', 'closed_at', 'retention_days'])
    .where('retention_days', 'is not', null)
    .orderBy('id')
    .execute()
}
