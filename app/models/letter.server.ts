import type { DB } from '#db/database'
import type { Letter, LetterStatus, LetterVersion, ListingRequirement } from '#db/schema'
import { sha256Hex } from '~/utils/crypto.server'
import { SLUG_PATTERN } from '~/utils/slug'
import { publicCountOf } from './signature-count.server'

export { SLUG_PATTERN }

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

/** Letters taking signatures now: open, and not past their closing date. */
export async function listOpenLetters(db: DB, now = new Date()): Promise<OpenLetterSummary[]> {
  return db
    .selectFrom('letters')
    .select([
      'letters.id',
      'letters.slug',
      'letters.title',
      'letters.recipient',
      'letters.organizers_line',
      'letters.opened_at',
      publicCountOf('letters.id', 'letters.listing_requires').as('approved_count'),
    ])
    .where('letters.status', '=', 'open')
    .where((eb) =>
      eb.or([eb('letters.closes_at', 'is', null), eb('letters.closes_at', '>', now.toISOString())]),
    )
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
  notifyOnApprove?: boolean
  notifyOnReject?: boolean
  /** ISO-8601 UTC; after it the letter takes no signatures. */
  closesAt?: string | null
}

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
      notify_on_approve: input.notifyOnApprove === false ? 0 : 1,
      notify_on_reject: input.notifyOnReject === true ? 1 : 0,
      closes_at: input.closesAt ?? null,
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

/**
 * The status signers meet: an open letter whose closing date has passed is closed, whatever its
 * row says. Every place that decides whether a letter takes signatures reads it through this.
 */
export function effectiveLetterStatus(
  letter: Pick<Letter, 'status' | 'closes_at'>,
  now = new Date(),
): LetterStatus {
  if (letter.status === 'open' && letter.closes_at && letter.closes_at <= now.toISOString()) return 'closed'
  return letter.status
}

/** When signing stopped: the closing date when that is what closed it, else when it was closed. */
export function effectiveClosedAt(
  letter: Pick<Letter, 'status' | 'closes_at' | 'closed_at'>,
  now = new Date(),
): string | null {
  if (letter.status === 'open' && effectiveLetterStatus(letter, now) === 'closed') return letter.closes_at
  return letter.closed_at
}

export type LetterVersionSummary = Pick<
  LetterVersion,
  'id' | 'version_number' | 'body_sha256' | 'published_at'
>

/** Every published version of a letter, oldest first, without their text. */
export async function listLetterVersions(db: DB, letterId: number): Promise<LetterVersionSummary[]> {
  return db
    .selectFrom('letter_versions')
    .select(['id', 'version_number', 'body_sha256', 'published_at'])
    .where('letter_id', '=', letterId)
    .orderBy('version_number')
    .execute()
}

export async function getLetterVersionByNumber(
  db: DB,
  letterId: number,
  versionNumber: number,
): Promise<LetterVersion | null> {
  return (
    (await db
      .selectFrom('letter_versions')
      .selectAll()
      .where('letter_id', '=', letterId)
      .where('version_number', '=', versionNumber)
      .executeTakeFirst()) ?? null
  )
}

/** Publishes a new version of the text. The caller points the letter at it, in the same transaction. */
export async function insertLetterVersion(
  db: DB,
  input: { letterId: number; versionNumber: number; bodyMarkdown: string },
  now = new Date(),
): Promise<LetterVersion> {
  return db
    .insertInto('letter_versions')
    .values({
      letter_id: input.letterId,
      version_number: input.versionNumber,
      body_markdown: input.bodyMarkdown,
      body_sha256: sha256Hex(input.bodyMarkdown),
      published_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Rewrites a version's text in place: only for a draft's version 1, which nobody has signed. */
export async function replaceLetterVersionBody(
  db: DB,
  versionId: number,
  bodyMarkdown: string,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('letter_versions')
    .set({
      body_markdown: bodyMarkdown,
      body_sha256: sha256Hex(bodyMarkdown),
      published_at: now.toISOString(),
    })
    .where('id', '=', versionId)
    .execute()
}

export async function setLetterVersionPublishedAt(db: DB, versionId: number, now = new Date()) {
  await db
    .updateTable('letter_versions')
    .set({ published_at: now.toISOString() })
    .where('id', '=', versionId)
    .execute()
}

export async function isSlugTaken(db: DB, slug: string, exceptLetterId?: number): Promise<boolean> {
  let query = db.selectFrom('letters').select('id').where('slug', '=', slug)
  if (exceptLetterId !== undefined) query = query.where('id', '!=', exceptLetterId)
  return (await query.executeTakeFirst()) !== undefined
}

export type LetterSettingsUpdate = Partial<
  Pick<
    Letter,
    | 'slug'
    | 'title'
    | 'recipient'
    | 'organizers_line'
    | 'moderation_required'
    | 'notify_on_approve'
    | 'notify_on_reject'
    | 'closes_at'
    | 'current_version_id'
  >
>

export async function updateLetter(
  db: DB,
  letterId: number,
  changes: LetterSettingsUpdate,
  now = new Date(),
) {
  if (changes.slug !== undefined && !SLUG_PATTERN.test(changes.slug)) {
    throw new Error(`Invalid letter slug ${JSON.stringify(changes.slug)}`)
  }
  await db
    .updateTable('letters')
    .set({ ...changes, updated_at: now.toISOString() })
    .where('id', '=', letterId)
    .execute()
}

/**
 * Moves a letter from the status the caller saw to another, with the timestamps that go with it.
 * Returns false when the letter had already moved (another organizer was quicker).
 */
export async function changeLetterStatus(
  db: DB,
  letterId: number,
  from: LetterStatus,
  to: LetterStatus,
  timestamps: Partial<Pick<Letter, 'opened_at' | 'closed_at'>>,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('letters')
    .set({ status: to, ...timestamps, updated_at: now.toISOString() })
    .where('id', '=', letterId)
    .where('status', '=', from)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** A letter's verification policy (issue 4), with its JSON columns read. */
export type LetterPolicy = {
  /** Offered to signers as a choice; empty means they type their profession. */
  allowedProfessions: string[]
  listingRequires: ListingRequirement
  autoApproveVerified: boolean
  /** Ids of the HTTP licence registries consulted at confirmation and on recheck, e.g. 'npi'. */
  licenceRegistries: string[]
}

const stringArray = (json: string): string[] => {
  const value: unknown = JSON.parse(json)
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

export function letterPolicy(
  letter: Pick<
    Letter,
    'allowed_professions' | 'listing_requires' | 'auto_approve_verified' | 'licence_registries'
  >,
): LetterPolicy {
  return {
    allowedProfessions: stringArray(letter.allowed_professions),
    listingRequires: letter.listing_requires,
    autoApproveVerified: letter.auto_approve_verified === 1,
    licenceRegistries: stringArray(letter.licence_registries),
  }
}

export async function updateLetterPolicy(
  db: DB,
  letterId: number,
  policy: LetterPolicy,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('letters')
    .set({
      allowed_professions: JSON.stringify(policy.allowedProfessions),
      listing_requires: policy.listingRequires,
      auto_approve_verified: policy.autoApproveVerified ? 1 : 0,
      licence_registries: JSON.stringify(policy.licenceRegistries),
      updated_at: now.toISOString(),
    })
    .where('id', '=', letterId)
    .execute()
}

/** Records when "Recheck licences" last ran for a letter, and what it found. */
export async function recordLetterRecheck(
  db: DB,
  letterId: number,
  summary: Record<string, number>,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('letters')
    .set({ rechecked_at: now.toISOString(), recheck_summary: JSON.stringify(summary) })
    .where('id', '=', letterId)
    .execute()
}
