import type { DB } from '#db/database'
import type { LetterUpdateEntry } from '#db/schema'
import { letterUpdateSubject } from '#emails/letter-update'
import { recordAuditEvent } from '~/models/audit.server'
import {
  deleteLetterUpdate,
  getLetterUpdate,
  insertLetterUpdate,
  listLetterUpdates,
  listUpdateRecipients,
  reviseLetterUpdate,
} from '~/models/letter-update.server'
import { enqueueEmails, type EnqueueEmailInput } from '~/models/outbox.server'
import { issueManageTokens, manageUrl } from '~/models/signature-manage-token.server'
import type { LetterUpdateInput } from '~/schemas/letter-update'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { letterUrl } from '~/utils/urls'

// Organizers' updates on a letter (issue 7, ADR 021): shown on the letter's page and in its Atom
// feed, and emailed once, when published, to the signers who asked for them.

const ACCESS_MESSAGE = 'Only organizers write this letter’s updates.'

/** The anchor of an update on the letter's page; the email and the feed link to it. */
export const updateAnchor = (update: Pick<LetterUpdateEntry, 'id'>) => `update-${update.id}`

export const updateUrl = (appUrl: string, slug: string, update: Pick<LetterUpdateEntry, 'id'>) =>
  `${letterUrl(appUrl, slug)}#${updateAnchor(update)}`

const summary = (update: Pick<LetterUpdateEntry, 'id' | 'title' | 'body_markdown'>) => ({
  id: update.id,
  title: update.title,
  bodyMarkdown: update.body_markdown,
})

export async function listUpdatesForAdmin(db: DB, access: LetterAccess) {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return listLetterUpdates(db, access.letter.id)
}

export async function findUpdateForAdmin(db: DB, access: LetterAccess, updateId: number) {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return getLetterUpdate(db, access.letter.id, updateId)
}

/**
 * Publishes an update and queues its email to every signer who wants it, in one transaction:
 * the update exists if and only if its emails do. Returns how many were queued.
 */
export async function publishUpdate(
  db: DB,
  access: LetterAccess,
  input: Pick<LetterUpdateInput, 'title' | 'bodyMarkdown'>,
  appUrl: string,
  now = new Date(),
): Promise<{ update: LetterUpdateEntry; emailed: number }> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  const { letter } = access
  return db.transaction().execute(async (trx) => {
    const update = await insertLetterUpdate(
      trx,
      {
        letterId: letter.id,
        title: input.title,
        bodyMarkdown: input.bodyMarkdown,
        authorUserId: access.user.id,
      },
      now,
    )
    const recipients = await listUpdateRecipients(trx, letter.id)
    const tokens = await issueManageTokens(
      trx,
      recipients.map((recipient) => recipient.id),
      now,
    )
    const common = {
      letterTitle: letter.title,
      letterUrl: letterUrl(appUrl, letter.slug),
      updateTitle: update.title,
      updateUrl: updateUrl(appUrl, letter.slug, update),
      // The same sanitized HTML the letter's page shows.
      updateHtml: renderLetterMarkdown(update.body_markdown),
    }
    const emails: EnqueueEmailInput[] = recipients.map((recipient) => ({
      template: 'letter-update',
      to: recipient.email,
      subject: letterUpdateSubject(common),
      payload: { ...common, signerName: recipient.name },
      secretPayload: { manageUrl: manageUrl(appUrl, tokens.get(recipient.id)!) },
      letterId: letter.id,
      signatureId: recipient.id,
    }))
    await enqueueEmails(trx, emails, now)
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'letter.update-published',
        letterId: letter.id,
        after: { ...summary(update), emailed: emails.length },
      },
      now,
    )
    return { update, emailed: emails.length }
  })
}

/** Corrects an update on the page and in the feed. Nobody is emailed again. Null: no such update. */
export async function reviseUpdate(
  db: DB,
  access: LetterAccess,
  updateId: number,
  input: Pick<LetterUpdateInput, 'title' | 'bodyMarkdown'>,
  now = new Date(),
): Promise<LetterUpdateEntry | null> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return db.transaction().execute(async (trx) => {
    const before = await getLetterUpdate(trx, access.letter.id, updateId)
    if (!before) return null
    const after = await reviseLetterUpdate(trx, before, input, now)
    if (!after) return null
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'letter.update-edited',
        letterId: access.letter.id,
        before: summary(before),
        after: summary(after),
      },
      now,
    )
    return after
  })
}

/** Takes an update off the page and the feed (emails already sent stay sent). Null: already gone. */
export async function removeUpdate(
  db: DB,
  access: LetterAccess,
  updateId: number,
  now = new Date(),
): Promise<LetterUpdateEntry | null> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return db.transaction().execute(async (trx) => {
    const update = await getLetterUpdate(trx, access.letter.id, updateId)
    if (!update || !(await deleteLetterUpdate(trx, update))) return null
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'letter.update-deleted',
        letterId: access.letter.id,
        before: summary(update),
      },
      now,
    )
    return update
  })
}
