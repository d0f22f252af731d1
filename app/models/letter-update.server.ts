import { randomUUID } from 'node:crypto'
import type { DB } from '#db/database'
import type { LetterUpdateEntry } from '#db/schema'

// Organizers' updates on a letter (ADR 021) and the signers who asked to hear about them.

export type NewLetterUpdate = {
  letterId: number
  title: string
  bodyMarkdown: string
  authorUserId: number | null
}

export async function insertLetterUpdate(
  db: DB,
  input: NewLetterUpdate,
  now = new Date(),
): Promise<LetterUpdateEntry> {
  return db
    .insertInto('letter_updates')
    .values({
      letter_id: input.letterId,
      uuid: randomUUID(),
      title: input.title,
      body_markdown: input.bodyMarkdown,
      published_at: now.toISOString(),
      author_user_id: input.authorUserId,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Newest first. */
export async function listLetterUpdates(db: DB, letterId: number): Promise<LetterUpdateEntry[]> {
  return db
    .selectFrom('letter_updates')
    .selectAll()
    .where('letter_id', '=', letterId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** One update of this letter; null for another letter's or a deleted one. */
export async function getLetterUpdate(
  db: DB,
  letterId: number,
  updateId: number,
): Promise<LetterUpdateEntry | null> {
  return (
    (await db
      .selectFrom('letter_updates')
      .selectAll()
      .where('letter_id', '=', letterId)
      .where('id', '=', updateId)
      .executeTakeFirst()) ?? null
  )
}

export async function reviseLetterUpdate(
  db: DB,
  update: Pick<LetterUpdateEntry, 'id'>,
  changes: { title: string; bodyMarkdown: string },
  now = new Date(),
): Promise<LetterUpdateEntry | null> {
  return (
    (await db
      .updateTable('letter_updates')
      .set({ title: changes.title, body_markdown: changes.bodyMarkdown, edited_at: now.toISOString() })
      .where('id', '=', update.id)
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}

export async function deleteLetterUpdate(db: DB, update: Pick<LetterUpdateEntry, 'id'>): Promise<boolean> {
  const result = await db.deleteFrom('letter_updates').where('id', '=', update.id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export type UpdateRecipient = { id: number; name: string; email: string }

/**
 * The signers an update is emailed to: they ticked the box, confirmed their address, and their
 * signature is neither withdrawn, rejected, quarantined nor erased. One row per signature, and
 * a letter holds one signature per address, so nobody is emailed twice.
 */
export async function listUpdateRecipients(db: DB, letterId: number): Promise<UpdateRecipient[]> {
  return db
    .selectFrom('signatures')
    .select(['id', 'name', 'email'])
    .where('letter_id', '=', letterId)
    .where('wants_updates', '=', 1)
    .where('status', 'in', ['confirmed', 'approved'])
    .where('erased_at', 'is', null)
    .where('quarantine_reason', 'is', null)
    .orderBy('id')
    .execute()
}

/** How many signers an update published now would be emailed to. */
export async function countUpdateRecipients(db: DB, letterId: number): Promise<number> {
  const row = await db
    .selectFrom('signatures')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('letter_id', '=', letterId)
    .where('wants_updates', '=', 1)
    .where('status', 'in', ['confirmed', 'approved'])
    .where('erased_at', 'is', null)
    .where('quarantine_reason', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function setSignatureWantsUpdates(
  db: DB,
  signatureId: number,
  wantsUpdates: boolean,
): Promise<void> {
  await db
    .updateTable('signatures')
    .set({ wants_updates: wantsUpdates ? 1 : 0 })
    .where('id', '=', signatureId)
    .execute()
}
