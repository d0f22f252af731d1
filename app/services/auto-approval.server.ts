import type { DB } from '#db/database'
import type { Letter } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { listOpenFlagsFor } from '~/models/signature-flag.server'
import { approveConfirmedSignature, getSignatureById } from '~/models/signature.server'
import { isProfessionVerified } from '~/utils/verification'
import { notifySignersOfDecision } from './decision-notices.server'

/** The system actor of approvals no moderator made. */
export const AUTO_APPROVAL_LABEL = 'auto-approval'

/**
 * On a letter that auto-approves verified signatures, approves one that was just confirmed if its
 * profession is verified and nothing about it is flagged; anything else stays in the queue.
 * Runs in the confirmation's transaction; the signer is emailed as a moderator's approval would.
 */
export async function autoApproveIfVerified(
  trx: DB,
  letter: Pick<
    Letter,
    | 'id'
    | 'slug'
    | 'title'
    | 'moderation_required'
    | 'auto_approve_verified'
    | 'notify_on_approve'
    | 'notify_on_reject'
  >,
  signatureId: number,
  appUrl: string,
  now = new Date(),
): Promise<boolean> {
  if (letter.moderation_required !== 1 || letter.auto_approve_verified !== 1) return false
  const signature = await getSignatureById(trx, signatureId)
  if (!signature || signature.status !== 'confirmed') return false
  if (!isProfessionVerified(signature.verification_level)) return false
  if ((await listOpenFlagsFor(trx, [signature.id])).length > 0) return false
  if (!(await approveConfirmedSignature(trx, signature.id, now))) return false
  await recordAuditEvent(
    trx,
    {
      actor: { type: 'system', label: AUTO_APPROVAL_LABEL },
      action: 'signature.approved',
      letterId: letter.id,
      signatureId: signature.id,
      before: { status: 'confirmed' },
      after: {
        status: 'approved',
        level: signature.verification_level,
        method: signature.verification_method,
      },
    },
    now,
  )
  await notifySignersOfDecision(trx, letter, 'approve', [signature], appUrl, now)
  return true
}
