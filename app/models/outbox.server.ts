import { randomUUID } from 'node:crypto'
import type { DB } from '#db/database'
import type { OutboxEmail } from '#db/schema'

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

/** Writes an email in the caller's transaction, so it exists if and only if its cause does. */
export async function enqueueEmail(db: DB, input: EnqueueEmailInput, now = new Date()) {
  const timestamp = now.toISOString()
  return db
    .insertInto('email_outbox')
    .values({
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
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function listDueEmails(db: DB, now: Date, limit: number): Promise<OutboxEmail[]> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
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
