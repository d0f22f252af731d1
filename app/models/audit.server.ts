import type { DB } from '#db/database'
import type { AuditActorType, AuditEvent, User } from '#db/schema'

export type AuditActor =
  | { type: 'user'; user: Pick<User, 'id' | 'display_name' | 'email'> }
  | { type: 'signer'; label: string }
  | { type: 'system'; label: string }

function actorColumns(actor: AuditActor): {
  actor_type: AuditActorType
  actor_user_id: number | null
  actor_label: string
} {
  if (actor.type === 'user') {
    return {
      actor_type: 'user',
      actor_user_id: actor.user.id,
      actor_label: `${actor.user.display_name} <${actor.user.email}>`,
    }
  }
  return { actor_type: actor.type, actor_user_id: null, actor_label: actor.label }
}

/** Appends one event, in the caller's transaction, next to the change it records. */
export async function recordAuditEvent(
  db: DB,
  event: {
    actor: AuditActor
    action: string
    letterId?: number | null
    signatureId?: number | null
    before?: unknown
    after?: unknown
  },
  now = new Date(),
) {
  await db
    .insertInto('audit_events')
    .values({
      ...actorColumns(event.actor),
      action: event.action,
      letter_id: event.letterId ?? null,
      signature_id: event.signatureId ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      created_at: now.toISOString(),
    })
    .execute()
}

/** Many events from one actor at once (a bulk decision), in multi-row inserts. */
export async function recordAuditEvents(
  db: DB,
  actor: AuditActor,
  events: Array<{ action: string; letterId: number; signatureId: number; before?: unknown; after?: unknown }>,
  now = new Date(),
) {
  const columns = actorColumns(actor)
  const rows = events.map((event) => ({
    ...columns,
    action: event.action,
    letter_id: event.letterId,
    signature_id: event.signatureId,
    before: event.before === undefined ? null : JSON.stringify(event.before),
    after: event.after === undefined ? null : JSON.stringify(event.after),
    created_at: now.toISOString(),
  }))
  for (let start = 0; start < rows.length; start += 2000) {
    await db
      .insertInto('audit_events')
      .values(rows.slice(start, start + 2000))
      .execute()
  }
}

export async function listAuditEvents(
  db: DB,
  letterId: number,
  options: { before?: number; pageSize: number },
): Promise<{ events: AuditEvent[]; nextCursor: number | null }> {
  let query = db.selectFrom('audit_events').selectAll().where('letter_id', '=', letterId)
  if (options.before !== undefined) query = query.where('id', '<', options.before)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.pageSize + 1)
    .execute()
  const events = rows.slice(0, options.pageSize)
  return { events, nextCursor: rows.length > options.pageSize ? events[events.length - 1]!.id : null }
}

export type LetterAuditEvent = AuditEvent & { signature_name: string | null }

/** A letter's events, newest first, with the name of the signature each one concerns. */
export async function listLetterAuditEvents(
  db: DB,
  letterId: number,
  options: { before?: number; pageSize: number },
): Promise<{ events: LetterAuditEvent[]; nextCursor: number | null }> {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('signatures', 'signatures.id', 'audit_events.signature_id')
    .selectAll('audit_events')
    .select('signatures.name as signature_name')
    .where('audit_events.letter_id', '=', letterId)
  if (options.before !== undefined) query = query.where('audit_events.id', '<', options.before)
  const rows = await query
    .orderBy('audit_events.id', 'desc')
    .limit(options.pageSize + 1)
    .execute()
  const events = rows.slice(0, options.pageSize)
  return { events, nextCursor: rows.length > options.pageSize ? events[events.length - 1]!.id : null }
}
