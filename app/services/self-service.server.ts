import type { DB } from '#db/database'
import type { Letter, Listing, Signature } from '#db/schema'
import { recordAuditEvent, type AuditActor } from '~/models/audit.server'
import { getLetterById } from '~/models/letter.server'
import { setSignatureWantsUpdates } from '~/models/letter-update.server'
import { findSignatureByManageToken } from '~/models/signature-manage-token.server'
import { changeSignatureListing, changeSignatureStatus } from '~/models/signature.server'

// A signer manages their own signature through the link in any email we sent them: the link's
// token is their only credential, so every function here starts from it.

/** Where a signature stands, in the words the signer reads on the page. */
export type SignatureStanding =
  'awaiting-confirmation' | 'awaiting-review' | 'listed' | 'counted' | 'declined' | 'withdrawn'

export function standingOf(signature: Pick<Signature, 'status' | 'listing'>): SignatureStanding {
  switch (signature.status) {
    case 'unconfirmed':
      return 'awaiting-confirmation'
    case 'confirmed':
      return 'awaiting-review'
    case 'approved':
      return signature.listing === 'listed' ? 'listed' : 'counted'
    case 'rejected':
      return 'declined'
    case 'withdrawn':
      return 'withdrawn'
  }
}

/** Declined and withdrawn signatures are out of the letter: the signer has nothing left to change. */
export function canManage(signature: Pick<Signature, 'status'>): boolean {
  return signature.status !== 'rejected' && signature.status !== 'withdrawn'
}

export type ManagedSignature = { signature: Signature; letter: Letter }

/** The GET side of the link: whose signature it is, changing nothing. */
export async function findManagedSignature(db: DB, token: string): Promise<ManagedSignature | null> {
  const signature = token ? await findSignatureByManageToken(db, token) : null
  const letter = signature && (await getLetterById(db, signature.letter_id))
  return signature && letter ? { signature, letter } : null
}

const signerActor = (signature: Signature): AuditActor => ({ type: 'signer', label: signature.name })

export type ListingChangeResult =
  | { kind: 'changed'; listing: Listing; standing: SignatureStanding }
  | { kind: 'unchanged'; listing: Listing; standing: SignatureStanding }
  | { kind: 'unavailable'; standing: Extract<SignatureStanding, 'declined' | 'withdrawn'> }
  /** The signature moved between reading and writing (another process); nothing was changed. */
  | { kind: 'conflict' }
  | { kind: 'not-found' }

/** Listed <-> counted. On an approved signature the public list and counts follow at once. */
export async function changeListingBySigner(
  db: DB,
  token: string,
  listing: Listing,
  now = new Date(),
): Promise<ListingChangeResult> {
  return db.transaction().execute(async (trx) => {
    const signature = token ? await findSignatureByManageToken(trx, token) : null
    if (!signature) return { kind: 'not-found' }
    if (!canManage(signature)) {
      return { kind: 'unavailable', standing: signature.status === 'rejected' ? 'declined' : 'withdrawn' }
    }
    if (signature.listing === listing) {
      return { kind: 'unchanged', listing, standing: standingOf(signature) }
    }
    if (!(await changeSignatureListing(trx, signature, listing))) return { kind: 'conflict' }
    await recordAuditEvent(
      trx,
      {
        actor: signerActor(signature),
        action: 'signature.listing-changed-by-signer',
        letterId: signature.letter_id,
        signatureId: signature.id,
        before: { listing: signature.listing },
        after: { listing },
      },
      now,
    )
    return { kind: 'changed', listing, standing: standingOf({ status: signature.status, listing }) }
  })
}

export type WithdrawalResult =
  | { kind: 'withdrawn' }
  | { kind: 'already-withdrawn' }
  /** The organizers declined it: it is neither listed nor counted, and stays on their record. */
  | { kind: 'declined' }
  | { kind: 'conflict' }
  | { kind: 'not-found' }

/**
 * Withdraws the signature, whatever stage it reached short of a decline: it leaves the public
 * list and the count in the same transaction. Doing it twice changes nothing the second time.
 */
export async function withdrawBySigner(db: DB, token: string, now = new Date()): Promise<WithdrawalResult> {
  return db.transaction().execute(async (trx) => {
    const signature = token ? await findSignatureByManageToken(trx, token) : null
    if (!signature) return { kind: 'not-found' }
    if (signature.status === 'withdrawn') return { kind: 'already-withdrawn' }
    if (signature.status === 'rejected') return { kind: 'declined' }
    if (!(await changeSignatureStatus(trx, signature, 'withdrawn', now))) return { kind: 'conflict' }
    await recordAuditEvent(
      trx,
      {
        actor: signerActor(signature),
        action: 'signature.withdrawn-by-signer',
        letterId: signature.letter_id,
        signatureId: signature.id,
        before: { status: signature.status },
        after: { status: 'withdrawn' },
      },
      now,
    )
    return { kind: 'withdrawn' }
  })
}

export type UpdateEmailsResult =
  | { kind: 'changed'; wantsUpdates: boolean }
  | { kind: 'unchanged'; wantsUpdates: boolean }
  | { kind: 'not-found' }

/**
 * "Email me updates about this letter", ticked or unticked after signing: the opt-out every
 * update email links to (ADR 021). Allowed whatever the signature's standing, since stopping
 * emails must always work; a withdrawn or declined signature is never emailed anyway.
 */
export async function setUpdateEmailsBySigner(
  db: DB,
  token: string,
  wantsUpdates: boolean,
  now = new Date(),
): Promise<UpdateEmailsResult> {
  return db.transaction().execute(async (trx) => {
    const signature = token ? await findSignatureByManageToken(trx, token) : null
    if (!signature) return { kind: 'not-found' }
    if ((signature.wants_updates === 1) === wantsUpdates) return { kind: 'unchanged', wantsUpdates }
    await setSignatureWantsUpdates(trx, signature.id, wantsUpdates)
    await recordAuditEvent(
      trx,
      {
        actor: signerActor(signature),
        action: 'signature.update-emails-changed-by-signer',
        letterId: signature.letter_id,
        signatureId: signature.id,
        before: { wantsUpdates: signature.wants_updates === 1 },
        after: { wantsUpdates },
      },
      now,
    )
    return { kind: 'changed', wantsUpdates }
  })
}
