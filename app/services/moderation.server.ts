import type { DB } from '#db/database'
import type { Listing, RejectionReason, SignatureStatus } from '#db/schema'
import { recordAuditEvent, recordAuditEvents } from '~/models/audit.server'
import {
  countFlaggedByStatus,
  listMatchingIds,
  listQueue,
  listQueueProfessions,
  type QueueFilter,
} from '~/models/moderation-queue.server'
import { getSignatureById, recordVerification } from '~/models/signature.server'
import { getFlagWithLetter, resolveFlags, resolveOpenFlagsOf } from '~/models/signature-flag.server'
import { parseFlagDetail } from '~/utils/flags'
import { requirePermission, type LetterAccess } from './letter-access.server'
import { notifySignersOfDecision } from './decision-notices.server'

export type Decision =
  | { kind: 'approve' }
  | { kind: 'reject'; reason: RejectionReason; note: string | null }
  /** A suspected (quarantined) signature thrown out: rejected as fake, its address never written to. */
  | { kind: 'discard' }

/** Which statuses each decision may move a signature from: a decision can be reversed later. */
const decidableFrom: Record<Decision['kind'], SignatureStatus[]> = {
  approve: ['confirmed', 'rejected'],
  reject: ['confirmed', 'approved'],
  // Quarantined rows only (ADR 016): they never confirmed their address, so nothing else applies.
  discard: ['unconfirmed'],
}

export type DecisionOutcome = { decided: number; alreadyDecided: number }

const ID_BATCH = 500

/**
 * Moderation of one letter, for one user. Built only from a LetterAccess that may moderate, so a
 * handler cannot reach the queue without the check.
 */
export function moderationFor(db: DB, access: LetterAccess) {
  requirePermission(access, 'moderate', 'You may not moderate this letter.')
  const { letter, user } = access

  return {
    listQueue: (filter: QueueFilter, page: { after?: number; pageSize: number }) =>
      listQueue(db, letter.id, filter, page),
    listProfessions: (status: SignatureStatus) => listQueueProfessions(db, letter.id, status),
    listMatchingIds: (filter: QueueFilter) => listMatchingIds(db, letter.id, filter),

    /**
     * Marks one signature of this letter verified by the moderator, with the evidence they checked
     * (a URL or a note, kept for organizers). Returns false when the signature is not this letter's
     * or has not confirmed its email yet.
     */
    async verify(signatureId: number, evidence: string, now = new Date()): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const signature = await getSignatureById(trx, signatureId)
        if (!signature || signature.letter_id !== letter.id || signature.status === 'unconfirmed') {
          return false
        }
        const verifiedBy = `${user.display_name} <${user.email}>`
        await recordVerification(
          trx,
          signature.id,
          { level: 'moderator', method: 'moderator-check', evidence, verifiedBy },
          now,
        )
        // The moderator looked at this person, with the row's flags beside the button: the check
        // answers them, as a decision does.
        const resolvedFlags = (
          await resolveOpenFlagsOf(trx, [signature.id], { resolution: 'decided', userId: user.id }, now)
        ).get(signature.id)
        await recordAuditEvent(
          trx,
          {
            actor: { type: 'user', user },
            action: 'signature.verified',
            letterId: letter.id,
            signatureId: signature.id,
            before: { level: signature.verification_level, method: signature.verification_method },
            after: {
              level: 'moderator',
              method: 'moderator-check',
              evidence,
              ...(resolvedFlags ? { resolvedFlags } : {}),
            },
          },
          now,
        )
        return true
      })
    },

    /** How many signatures of each tab have an open flag. */
    countFlagged: () => countFlaggedByStatus(db, letter.id),

    /**
     * Dismisses one open flag of one of this letter's signatures: the moderator looked and found
     * nothing wrong. 'not-found' for a flag of another letter (or none), 'already-resolved' when
     * someone else resolved it first.
     */
    async dismissFlag(
      flagId: number,
      now = new Date(),
    ): Promise<'dismissed' | 'not-found' | 'already-resolved'> {
      return db.transaction().execute(async (trx) => {
        const flag = await getFlagWithLetter(trx, flagId)
        if (!flag || flag.letter_id !== letter.id) return 'not-found'
        const resolved = await resolveFlags(trx, [flag.id], { resolution: 'dismissed', userId: user.id }, now)
        if (resolved === 0) return 'already-resolved'
        await recordAuditEvent(
          trx,
          {
            actor: { type: 'user', user },
            action: 'signature.flag-dismissed',
            letterId: letter.id,
            signatureId: flag.signature_id,
            before: { kind: flag.kind, detail: parseFlagDetail(flag.detail) },
            after: { resolution: 'dismissed' },
          },
          now,
        )
        return 'dismissed'
      })
    },

    /**
     * Applies one decision to many signatures in one transaction, set-wise: a conditional UPDATE per
     * source status, counts moved by group, audit events and signer emails in multi-row inserts.
     * Signatures another moderator already moved are left alone and reported.
     */
    async decide(
      signatureIds: number[],
      decision: Decision,
      appUrl: string,
      now = new Date(),
    ): Promise<DecisionOutcome> {
      const ids = [...new Set(signatureIds)].filter(Number.isSafeInteger)
      if (ids.length === 0) return { decided: 0, alreadyDecided: 0 }
      const to: SignatureStatus = decision.kind === 'approve' ? 'approved' : 'rejected'
      const timestamp = now.toISOString()

      return db.transaction().execute(async (trx) => {
        const moved: Array<{
          id: number
          name: string
          email: string
          listing: Listing
          from: SignatureStatus
          quarantine: string | null
        }> = []
        for (const from of decidableFrom[decision.kind]) {
          for (let start = 0; start < ids.length; start += ID_BATCH) {
            let update = trx
              .updateTable('signatures')
              .set({
                status: to,
                status_changed_at: timestamp,
                decided_by_user_id: user.id,
                decided_at: timestamp,
                rejection_reason:
                  decision.kind === 'reject' ? decision.reason : decision.kind === 'discard' ? 'fake' : null,
                rejection_note: decision.kind === 'reject' ? decision.note : null,
              })
              .where('letter_id', '=', letter.id)
              .where('status', '=', from)
              .where('id', 'in', ids.slice(start, start + ID_BATCH))
            if (decision.kind === 'discard') update = update.where('quarantine_reason', 'is not', null)
            // Only a signer who confirmed their address is ever listed: a discarded row stays out.
            if (decision.kind === 'approve') update = update.where('confirmed_at', 'is not', null)
            const rows = await update
              .returning(['id', 'name', 'email', 'listing', 'quarantine_reason'])
              .execute()
            for (const { quarantine_reason: quarantine, ...row } of rows)
              moved.push({ ...row, from, quarantine })
          }
        }

        // A decision answers the signature's open flags: the moderator has seen them.
        const resolvedFlags = await resolveOpenFlagsOf(
          trx,
          moved.map((row) => row.id),
          { resolution: 'decided', userId: user.id },
          now,
        )

        await recordAuditEvents(
          trx,
          { type: 'user', user },
          moved.map((row) => {
            const flags = resolvedFlags.get(row.id)
            return {
              action: `signature.${{ approve: 'approved', reject: 'rejected', discard: 'discarded' }[decision.kind]}`,
              letterId: letter.id,
              signatureId: row.id,
              before:
                decision.kind === 'discard'
                  ? { status: row.from, quarantine: row.quarantine }
                  : { status: row.from },
              after: {
                status: to,
                ...(decision.kind === 'reject' ? { reason: decision.reason, note: decision.note } : {}),
                ...(decision.kind === 'discard' ? { reason: 'fake' } : {}),
                ...(flags ? { resolvedFlags: flags } : {}),
              },
            }
          }),
          now,
        )

        // Signers hear about every decision on their signature when the letter wants them told,
        // reversals included: a declined signer who is later listed learns it, with the link to withdraw.
        // A discarded signature's address was never confirmed: it may be anyone's, so it hears nothing.
        if (decision.kind !== 'discard') {
          await notifySignersOfDecision(trx, letter, decision.kind, moved, appUrl, now)
        }

        return { decided: moved.length, alreadyDecided: ids.length - moved.length }
      })
    },
  }
}

export type ModerationService = ReturnType<typeof moderationFor>
