import { randomUUID } from 'node:crypto'
import type { DB } from '#db/database'
import type { OutboxEmail, OutboxStatus } from '#db/schema'

export type EnqueueEmailInput = {
  template: string
  to: string
  subject: string
  /** Rendered into the message; kept for the admins' outbox view. */
  payload: Record<string, unknown>
  /** Links and codes: erased once a provider has accepted the message. */
  secretPayload?: Record<string, unknown>
  letterId?: number | null
  signatureId?: number | null
}

/** Messages someone is waiting for go out before notifications, however many are queued. */
const AWAITED_TEMPLATES = new Set(['confirm-signature', 'already-signed', 'sign-in-link'])

function outboxRow(input: EnqueueEmailInput, timestamp: string) {
  return {
    idempotency_key: randomUUID(),
    template: input.template,
    to_address: input.to,
    subject: input.subject,
    payload: JSON.stringify(input.payload),
    secret_payload: input.secretPayload ? JSON.stringify(input.secretPayload) : null,
    next_attempt_at: timestamp,
    letter_id: input.letterId ?? null,
    signature_id: input.signatureId ?? null,
    created_at: timestamp,
    priority: AWAITED_TEMPLATES.has(input.template) ? (0 as const) : (1 as const),
  }
}

/** Writes an email in the caller's transaction, so it exists if and only if its cause does. */
export async function enqueueEmail(db: DB, input: EnqueueEmailInput, now = new Date()) {
  return db
    .insertInto('email_outbox')
    .values(outboxRow(input, now.toISOString()))
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** The same for many emails at once (a bulk decision), in multi-row inserts. */
export async function enqueueEmails(db: DB, inputs: EnqueueEmailInput[], now = new Date()) {
  const timestamp = now.toISOString()
  for (let start = 0; start < inputs.length; start += INSERT_BATCH) {
    const batch = inputs.slice(start, start + INSERT_BATCH).map((input) => outboxRow(input, timestamp))
    await db.insertInto('email_outbox').values(batch).execute()
  }
}

// SQLite binds at most 32,766 parameters a statement; an outbox row takes 11.
const INSERT_BATCH = 1000

export async function listDueEmails(db: DB, now: Date, limit: number): Promise<OutboxEmail[]> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('priority')
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute()
}

export async function markEmailDelivered(
  db: DB,
  id: number,
  outcome: { status: 'sent' | 'delivered_locally'; providerMessageId: string | null },
  now = new Date(),
) {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: outcome.status,
      provider_message_id: outcome.providerMessageId,
      attempts: eb('attempts', '+', 1),
      sent_at: now.toISOString(),
      last_error: null,
      // A provider now holds the message; our copy of its links is no longer needed.
      secret_payload: outcome.status === 'sent' ? null : eb.ref('secret_payload'),
    }))
    .where('id', '=', id)
    .execute()
}

export async function markEmailAttemptFailed(
  db: DB,
  id: number,
  failure: { error: string; retryAt: Date | null },
) {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: failure.retryAt ? 'pending' : 'failed',
      attempts: eb('attempts', '+', 1),
      last_error: failure.error.slice(0, 2000),
      next_attempt_at: failure.retryAt ? failure.retryAt.toISOString() : eb.ref('next_attempt_at'),
      // Given up: the link will never be sent, so it is not kept either.
      secret_payload: failure.retryAt ? eb.ref('secret_payload') : null,
    }))
    .where('id', '=', id)
    .execute()
}

export async function getOutboxEmail(db: DB, id: number): Promise<OutboxEmail | null> {
  return (await db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export async function listOutboxEmailsTo(db: DB, to: string): Promise<OutboxEmail[]> {
  return db.selectFrom('email_outbox').selectAll().where('to_address', '=', to).orderBy('id').execute()
}

export type OutboxListItem = Pick<
  OutboxEmail,
  | 'id'
  | 'template'
  | 'to_address'
  | 'subject'
  | 'status'
  | 'attempts'
  | 'last_error'
  | 'next_attempt_at'
  | 'created_at'
  | 'sent_at'
> & { has_secrets: boolean }

/** Newest first, one page at a time (keyset on id); never the message bodies or their secrets. */
export async function listOutboxEmails(
  db: DB,
  options: { status?: OutboxStatus; before?: number; pageSize: number },
): Promise<{ emails: OutboxListItem[]; nextCursor: number | null }> {
  let query = db
    .selectFrom('email_outbox')
    .select([
      'id',
      'template',
      'to_address',
      'subject',
      'status',
      'attempts',
      'last_error',
      'next_attempt_at',
      'created_at',
      'sent_at',
    ])
    .select((eb) => eb('secret_payload', 'is not', null).as('has_secrets'))
  if (options.status) query = query.where('status', '=', options.status)
  if (options.before !== undefined) query = query.where('id', '<', options.before)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.pageSize + 1)
    .execute()
  const emails = rows
    .slice(0, options.pageSize)
    .map((row) => ({ ...row, has_secrets: Boolean(row.has_secrets) }))
  return { emails, nextCursor: rows.length > options.pageSize ? emails[emails.length - 1]!.id : null }
}

/**
 * Puts a failed email back in the queue, due now. Only a failed one: a second press, or a
 * press on a message that was retried meanwhile, changes nothing and returns false.
 */
export async function requeueFailedEmail(
  db: DB,
  id: number,
  options: { secretPayload?: Record<string, unknown> } = {},
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'pending',
      next_attempt_at: now.toISOString(),
      secret_payload: options.secretPayload
        ? JSON.stringify(options.secretPayload)
        : eb.ref('secret_payload'),
    }))
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
