import type { DB } from '#db/database'
import type { Letter, LetterStatus, User } from '#db/schema'
import { recordAuditEvent, type AuditActor } from '~/models/audit.server'
import { upsertMembership } from '~/models/letter-member.server'
import {
  changeLetterStatus,
  createLetter,
  getLetterById,
  getLetterVersion,
  insertLetterVersion,
  isSlugTaken,
  replaceLetterVersionBody,
  setLetterVersionPublishedAt,
  updateLetter,
  type LetterSettingsUpdate,
} from '~/models/letter.server'
import { normalizeLetterBody, type LetterInput } from '~/schemas/letter'
import { requireOwner, type LetterAccess } from '~/services/letter-access.server'
import { sha256Hex } from '~/utils/crypto.server'

// Creating and editing letters. The text's rules: a draft's text is rewritten in place (nobody
// has signed it); once a letter has been open, every change of text publishes a new version and
// each signature stays on the version its signer read.

export type LetterFields = LetterInput

function forbidden(): never {
  throw new Response('You may not edit this letter.', {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

function actorOf(user: User): AuditActor {
  return { type: 'user', user }
}

/** A second process can win the race between our slug check and the insert: same answer. */
function isSlugConstraintError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('letters.slug')
  )
}

const settingColumns = {
  title: 'title',
  slug: 'slug',
  recipient: 'recipient',
  organizersLine: 'organizers_line',
  moderationRequired: 'moderation_required',
  notifyOnApprove: 'notify_on_approve',
  notifyOnReject: 'notify_on_reject',
  closesAt: 'closes_at',
} as const satisfies Record<Exclude<keyof LetterFields, 'bodyMarkdown'>, keyof Letter>

type SettingName = keyof typeof settingColumns

function settingValue(fields: LetterFields, name: SettingName): string | number | null {
  const value = fields[name]
  return typeof value === 'boolean' ? (value ? 1 : 0) : value
}

export type CreateLetterResult = { kind: 'created'; letterId: number } | { kind: 'slug-taken' }

/** An owner creates a draft; they become its first organizer. */
export async function createDraftLetter(
  db: DB,
  user: User,
  fields: LetterFields,
  now = new Date(),
): Promise<CreateLetterResult> {
  requireOwner(user)
  const body = normalizeLetterBody(fields.bodyMarkdown)
  try {
    return await db.transaction().execute(async (trx) => {
      if (await isSlugTaken(trx, fields.slug)) return { kind: 'slug-taken' } as const
      const letter = await createLetter(
        trx,
        {
          slug: fields.slug,
          title: fields.title,
          recipient: fields.recipient,
          organizersLine: fields.organizersLine,
          bodyMarkdown: body,
          status: 'draft',
          moderationRequired: fields.moderationRequired,
          notifyOnApprove: fields.notifyOnApprove,
          notifyOnReject: fields.notifyOnReject,
          closesAt: fields.closesAt,
        },
        now,
      )
      await upsertMembership(
        trx,
        { letterId: letter.id, userId: user.id, role: 'organizer', invitedByUserId: null },
        now,
      )
      const after: Record<string, unknown> = {}
      for (const name of Object.keys(settingColumns) as SettingName[]) after[name] = fields[name]
      await recordAuditEvent(
        trx,
        {
          actor: actorOf(user),
          action: 'letter.created',
          letterId: letter.id,
          after: { ...after, status: 'draft', version: 1, bodySha256: letter.version.body_sha256 },
        },
        now,
      )
      return { kind: 'created', letterId: letter.id } as const
    })
  } catch (error) {
    if (isSlugConstraintError(error)) return { kind: 'slug-taken' }
    throw error
  }
}

export type SaveLetterResult =
  | { kind: 'saved'; changed: string[]; publishedVersion: number | null }
  | { kind: 'unchanged' }
  | { kind: 'slug-taken' }
  /** The text changed since the editor loaded version `editedVersion`; nothing was saved. */
  | { kind: 'stale'; editedVersion: number; currentVersion: number }

/**
 * Saves the editor's fields. An unchanged text publishes nothing; a changed one rewrites a
 * draft's version 1, or publishes version N+1 of an open or closed letter. `baseVersion` is the
 * version the organizer was editing: if someone published another meanwhile, their text is not
 * silently overwritten.
 */
export async function saveLetter(
  db: DB,
  access: LetterAccess,
  fields: LetterFields,
  options: { baseVersion?: number; now?: Date } = {},
): Promise<SaveLetterResult> {
  if (!access.can('edit')) forbidden()
  const now = options.now ?? new Date()
  try {
    return await db.transaction().execute(async (trx): Promise<SaveLetterResult> => {
      const letter = await getLetterById(trx, access.letter.id)
      const version = letter?.current_version_id
        ? await getLetterVersion(trx, letter.current_version_id)
        : null
      if (!letter || !version) throw new Response('No such letter', { status: 404 })

      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      const changes: LetterSettingsUpdate = {}
      for (const name of Object.keys(settingColumns) as SettingName[]) {
        const column = settingColumns[name]
        const value = settingValue(fields, name)
        if (letter[column] === value) continue
        Object.assign(changes, { [column]: value })
        before[name] = typeof fields[name] === 'boolean' ? letter[column] === 1 : letter[column]
        after[name] = fields[name]
      }
      if (changes.slug !== undefined && (await isSlugTaken(trx, changes.slug, letter.id)))
        return { kind: 'slug-taken' }

      const body = normalizeLetterBody(fields.bodyMarkdown)
      const bodyChanged = body !== normalizeLetterBody(version.body_markdown)
      if (bodyChanged && options.baseVersion !== undefined && options.baseVersion !== version.version_number)
        return { kind: 'stale', editedVersion: options.baseVersion, currentVersion: version.version_number }
      if (!bodyChanged && Object.keys(changes).length === 0) return { kind: 'unchanged' }

      let publishedVersion: number | null = null
      if (bodyChanged && letter.status === 'draft') {
        await replaceLetterVersionBody(trx, version.id, body, now)
        before.bodySha256 = version.body_sha256
        after.bodySha256 = sha256Hex(body)
      } else if (bodyChanged) {
        const published = await insertLetterVersion(
          trx,
          { letterId: letter.id, versionNumber: version.version_number + 1, bodyMarkdown: body },
          now,
        )
        changes.current_version_id = published.id
        publishedVersion = published.version_number
        await recordAuditEvent(
          trx,
          {
            actor: actorOf(access.user),
            action: 'letter.version-published',
            letterId: letter.id,
            before: { version: version.version_number, bodySha256: version.body_sha256 },
            after: { version: published.version_number, bodySha256: published.body_sha256 },
          },
          now,
        )
      }
      await updateLetter(trx, letter.id, changes, now)
      if (Object.keys(after).length > 0) {
        await recordAuditEvent(
          trx,
          { actor: actorOf(access.user), action: 'letter.updated', letterId: letter.id, before, after },
          now,
        )
      }
      return { kind: 'saved', changed: Object.keys(after), publishedVersion }
    })
  } catch (error) {
    if (isSlugConstraintError(error)) return { kind: 'slug-taken' }
    throw error
  }
}

export type StatusTransition = 'open' | 'close' | 'reopen'

const transitions: Record<StatusTransition, { from: LetterStatus; to: LetterStatus; action: string }> = {
  open: { from: 'draft', to: 'open', action: 'letter.opened' },
  close: { from: 'open', to: 'closed', action: 'letter.closed' },
  reopen: { from: 'closed', to: 'open', action: 'letter.reopened' },
}

export function isStatusTransition(value: unknown): value is StatusTransition {
  return typeof value === 'string' && Object.hasOwn(transitions, value)
}

export type StatusChangeResult =
  { kind: 'changed'; status: LetterStatus } | { kind: 'refused'; message: string }

/**
 * Draft -> open (the text's version 1 is published now), open -> closed, closed -> open.
 * A letter whose closing date has passed is not opened: the organizer moves or clears the date first.
 */
export async function changeStatus(
  db: DB,
  access: LetterAccess,
  transition: StatusTransition,
  now = new Date(),
): Promise<StatusChangeResult> {
  if (!access.can('edit')) forbidden()
  const { from, to, action } = transitions[transition]
  return db.transaction().execute(async (trx): Promise<StatusChangeResult> => {
    const letter = await getLetterById(trx, access.letter.id)
    if (!letter) throw new Response('No such letter', { status: 404 })
    if (letter.status !== from) {
      return { kind: 'refused', message: `This letter is already ${letter.status}: nothing was changed.` }
    }
    if (to === 'open' && letter.closes_at && letter.closes_at <= now.toISOString()) {
      return {
        kind: 'refused',
        message: 'The closing date has passed. Move it later or clear it, save, then open the letter.',
      }
    }
    const timestamp = now.toISOString()
    const timestamps =
      transition === 'open'
        ? { opened_at: timestamp, closed_at: null }
        : transition === 'close'
          ? { closed_at: timestamp }
          : { closed_at: null }
    const moved = await changeLetterStatus(trx, letter.id, from, to, timestamps, now)
    if (!moved) return { kind: 'refused', message: 'This letter changed meanwhile: nothing was changed.' }
    // A draft's text becomes public when the letter opens: that is its publication date.
    if (transition === 'open' && letter.current_version_id)
      await setLetterVersionPublishedAt(trx, letter.current_version_id, now)
    await recordAuditEvent(
      trx,
      {
        actor: actorOf(access.user),
        action,
        letterId: letter.id,
        before: { status: from },
        after: { status: to, ...(transition === 'reopen' ? {} : timestamps) },
      },
      now,
    )
    return { kind: 'changed', status: to }
  })
}
