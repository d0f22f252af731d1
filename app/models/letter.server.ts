import { sql } from 'kysely'
import type { DB } from '#db/database'
import type { Letter, LetterStatus, LetterVersion } from '#db/schema'
import { sha256Hex } from '~/utils/crypto.server'

export type LetterWithVersion = Letter & { version: LetterVersion }

export async function getLetterBySlug(db: DB, slug: string): Promise<LetterWithVersion | null> {
  const letter = await db.selectFrom('letters').selectAll().where('slug', '=', slug).executeTakeFirst()
  if (!letter?.current_version_id) return null
  const version = await getLetterVersion(db, letter.current_version_id)
  return version ? { ...letter, version } : null
}

export async function getLetterById(db: DB, id: number): Promise<Letter | null> {
  return (await db.selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export async function getLetterVersion(db: DB, id: number): Promise<LetterVersion | null> {
  return (await db.selectFrom('letter_versions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export type OpenLetterSummary = Pick<
  Letter,
  'id' | 'slug' | 'title' | 'recipient' | 'organizers_line' | 'opened_at'
> & {
  approved_count: number
}

export async function listOpenLetters(db: DB): Promise<OpenLetterSummary[]> {
  return db
    .selectFrom('letters')
    .leftJoin('signature_counts', (join) =>
      join
        .onRef('signature_counts.letter_id', '=', 'letters.id')
        .on('signature_counts.status', '=', 'approved'),
    )
    .select([
      'letters.id',
      'letters.slug',
      'letters.title',
      'letters.recipient',
      'letters.organizers_line',
      'letters.opened_at',
      sql<number>`coalesce(sum(signature_counts.count), 0)`.as('approved_count'),
    ])
    .where('letters.status', '=', 'open')
    .groupBy('letters.id')
    .orderBy('letters.opened_at', 'desc')
    .execute()
}

export async function countLetters(db: DB): Promise<number> {
  const row = await db
    .selectFrom('letters')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return row.count
}

export type NewLetterInput = {
  slug: string
  title: string
  recipient: string
  organizersLine: string
  bodyMarkdown: string
  status?: LetterStatus
  moderationRequired?: boolean
}

/** Lower-case letters, digits and single hyphens: safe in a URL, a file name and a log line. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Creates a letter with its first published version. Run inside a transaction. */
export async function createLetter(db: DB, input: NewLetterInput, now = new Date()) {
  if (!SLUG_PATTERN.test(input.slug) || input.slug.length > 80) {
    throw new Error(
      `Invalid letter slug ${JSON.stringify(input.slug)}: use lower-case letters, digits and hyphens`,
    )
  }
  const timestamp = now.toISOString()
  const status = input.status ?? 'draft'
  const letter = await db
    .insertInto('letters')
    .values({
      slug: input.slug,
      title: input.title,
      recipient: input.recipient,
      organizers_line: input.organizersLine,
      status,
      moderation_required: input.moderationRequired === false ? 0 : 1,
      current_version_id: null,
      opened_at: status === 'draft' ? null : timestamp,
      closed_at: status === 'closed' ? timestamp : null,
      created_at: timestamp,
      updated_at: timestamp,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const version = await db
    .insertInto('letter_versions')
    .values({
      letter_id: letter.id,
      version_number: 1,
      body_markdown: input.bodyMarkdown,
      body_sha256: sha256Hex(input.bodyMarkdown),
      published_at: timestamp,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await db
    .updateTable('letters')
    .set({ current_version_id: version.id })
    .where('id', '=', letter.id)
    .execute()
  return { ...letter, current_version_id: version.id, version }
}
