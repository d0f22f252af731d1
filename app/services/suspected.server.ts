import type { DB } from '#db/database'
import { recordAuditEvents } from '~/models/audit.server'
import { countSuspected, listSuspected, releaseSuspected } from '~/models/quarantine.server'
import { emailDomain } from '~/utils/email-domain'
import { requirePermission, type LetterAccess } from './letter-access.server'
import { moderationFor, type DecisionOutcome } from './moderation.server'
import { emailReleasedSigner, type SigningContext } from './signing.server'

// The Suspected tab (issue 5, ADR 016): signatures quarantined at signing, waiting for a moderator
// to release them (the signer then gets the confirmation email they never had) or discard them.

export type ReleaseOutcome = {
  released: number
  /** Released, but their confirmation could not be sent now (the address had too much mail). */
  notEmailed: number
  /** No longer suspected: someone else released or discarded them first. */
  alreadyHandled: number
}

export function suspectedFor(db: DB, access: LetterAccess) {
  requirePermission(access, 'moderate', 'You may not review this letter’s suspected signatures.')
  const { letter, user } = access
  // Organizers see signers' addresses; moderators see the domain only, as in the queue.
  const showsEmail = access.can('edit')

  return {
    showsEmail,
    count: () => countSuspected(db, letter.id),

    async list(page: { before?: number; pageSize: number }) {
      const { rows, nextCursor } = await listSuspected(db, letter.id, page)
      return {
        rows: rows.map(({ email, ...row }) => ({
          ...row,
          email: showsEmail ? email : null,
          emailDomain: emailDomain(email) ?? '',
        })),
        nextCursor,
      }
    },

    /** Lifts the quarantine and sends each signer the confirmation email, in one transaction. */
    async release(
      signatureIds: number[],
      context: Pick<SigningContext, 'appUrl' | 'confirmationTtlHours' | 'limits'>,
      now = new Date(),
    ): Promise<ReleaseOutcome> {
      const ids = [...new Set(signatureIds)].filter(Number.isSafeInteger)
      return db.transaction().execute(async (trx) => {
        const released = await releaseSuspected(trx, letter.id, ids)
        await recordAuditEvents(
          trx,
          { type: 'user', user },
          released.map(({ signature, reason }) => ({
            action: 'signature.released',
            letterId: letter.id,
            signatureId: signature.id,
            before: { quarantine: reason },
            after: { quarantine: null },
          })),
          now,
        )
        let notEmailed = 0
        for (const { signature } of released) {
          const sent = await emailReleasedSigner(trx, letter, signature, { ...context, now })
          if (sent !== 'sent') notEmailed++
        }
        return { released: released.length, notEmailed, alreadyHandled: ids.length - released.length }
      })
    },

    /** Rejects them as fake through the queue's set-wise decision; their addresses get no email. */
    discard(signatureIds: number[], appUrl: string, now = new Date()): Promise<DecisionOutcome> {
      return moderationFor(db, access).decide(signatureIds, { kind: 'discard' }, appUrl, now)
    },
  }
}

export type SuspectedService = ReturnType<typeof suspectedFor>
export type SuspectedRowView = Awaited<ReturnType<SuspectedService['list']>>['rows'][number]
