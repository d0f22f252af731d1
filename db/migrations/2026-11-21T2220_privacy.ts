import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

// The append-only trigger of 2026-11-21T1300_organizers, word for word: it is set aside for the
// one correction below and put back exactly as it was.
const AUDIT_NO_UPDATE_TRIGGER = sql`create trigger audit_events_no_update before update on audit_events
    when new.actor_type is not old.actor_type or new.actor_label is not old.actor_label
      or new.action is not old.action or new.letter_id is not old.letter_id
      or new.before is not old.before or new.after is not old.after or new.created_at is not old.created_at
      or (new.actor_user_id is not old.actor_user_id and new.actor_user_id is not null)
      or (new.signature_id is not old.signature_id and new.signature_id is not null)
    begin select raise(abort, 'audit_events is append-only'); end`

export async function up(db: Kysely<any>): Promise<void> {
  // Days after the letter closes until its signers' email and network addresses are erased
  // (ADR 017); null keeps them.
  await db.schema
    .alterTable('letters')
    .addColumn('retention_days', 'integer', (col) =>
      col.check(sql`retention_days is null or retention_days between 1 and 3650`),
    )
    .execute()
  // When the signer's contact and network data were erased (on request or by retention).
  await db.schema.alterTable('signatures').addColumn('erased_at', 'text').execute()
  // The retention job asks "which signatures of this letter still hold data?": once a letter is
  // erased, this index has nothing left for it and the question costs nothing.
  await db.schema
    .createIndex('signatures_unerased_idx')
    .on('signatures')
    .columns(['letter_id', 'id'])
    .where(sql.ref('erased_at'), 'is', null)
    .execute()

  // "Retried a failed email" events wrote the recipient's address (a signer's, often) into the
  // log every member of the letter reads, moderators included. The writer now names the message
  // by its number only; the events already written get the same wording, once, here.
  const retried = await db
    .selectFrom('audit_events')
    .select(['id', 'before', 'after'])
    .where('action', '=', 'email.retried')
    .execute()
  const scrub = (json: string | null): string | null => {
    if (json === null) return null
    let value: unknown
    try {
      value = JSON.parse(json)
    } catch {
      return json
    }
    if (!value || typeof value !== 'object') return json
    const record = { ...(value as Record<string, unknown>) }
    const described = typeof record.email === 'string' ? /^(#\d+) to (.+)$/.exec(record.email) : null
    if (!described) return json
    const [, number, address] = described
    record.email = number
    if (typeof record.lastError === 'string') {
      record.lastError = record.lastError.split(address!).join('[address]')
    }
    return JSON.stringify(record)
  }
  const corrections = retried
    .map((event) => ({ id: event.id, before: scrub(event.before), after: scrub(event.after) }))
    .filter(
      (fixed, index) => fixed.before !== retried[index]!.before || fixed.after !== retried[index]!.after,
    )
  if (corrections.length) {
    // All or nothing: the log is never left without its trigger.
    await db.transaction().execute(async (trx) => {
      await sql`drop trigger audit_events_no_update`.execute(trx)
      for (const fixed of corrections) {
        await trx
          .updateTable('audit_events')
          .set({ before: fixed.before, after: fixed.after })
          .where('id', '=', fixed.id)
          .execute()
      }
      await AUDIT_NO_UPDATE_TRIGGER.execute(trx)
    })
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // The addresses taken out of the audit log are not put back: nothing kept them.
  await db.schema.dropIndex('signatures_unerased_idx').execute()
  await db.schema.alterTable('signatures').dropColumn('erased_at').execute()
  await db.schema.alterTable('letters').dropColumn('retention_days').execute()
}
