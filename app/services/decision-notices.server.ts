import type { DB } from '#db/database'
import type { Letter, Listing } from '#db/schema'
import { signatureApprovedSubject, signatureRejectedSubject } from '#emails/signature-decided'
import { enqueueEmails, type EnqueueEmailInput } from '~/models/outbox.server'
import { issueManageTokens, manageUrl } from '~/models/signature-manage-token.server'
import { letterUrl } from '~/utils/urls'

export type DecidedSigner = { id: number; name: string; email: string; listing: Listing }

/**
 * Emails signers about a decision on their signature when the letter wants them told, each with a
 * fresh "manage your signature" link, in multi-row inserts. Run in the decision's transaction.
 * Shared by moderators' decisions and auto-approval, so a signer hears the same words either way.
 */
export async function notifySignersOfDecision(
  trx: DB,
  letter: Pick<Letter, 'id' | 'slug' | 'title' | 'notify_on_approve' | 'notify_on_reject'>,
  decision: 'approve' | 'reject',
  signers: DecidedSigner[],
  appUrl: string,
  now = new Date(),
): Promise<void> {
  const notify = decision === 'approve' ? letter.notify_on_approve === 1 : letter.notify_on_reject === 1
  if (!notify || signers.length === 0) return
  const tokens = await issueManageTokens(
    trx,
    signers.map((signer) => signer.id),
    now,
  )
  const common = { letterTitle: letter.title, letterUrl: letterUrl(appUrl, letter.slug) }
  const emails: EnqueueEmailInput[] = signers.map((signer) => ({
    template: decision === 'approve' ? 'signature-approved' : 'signature-rejected',
    to: signer.email,
    subject: decision === 'approve' ? signatureApprovedSubject(common) : signatureRejectedSubject(common),
    payload: { ...common, signerName: signer.name, listed: signer.listing === 'listed' },
    secretPayload: { manageUrl: manageUrl(appUrl, tokens.get(signer.id)!) },
    letterId: letter.id,
    signatureId: signer.id,
  }))
  await enqueueEmails(trx, emails, now)
}
