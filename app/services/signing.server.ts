import type { DB } from '#db/database'
import { groupCommitFor } from '#db/group-commit'
import type { Letter, Signature, SignatureStatus } from '#db/schema'
import { alreadySignedSubject, type AlreadySignedProps } from '#emails/already-signed'
import { confirmSignatureSubject } from '#emails/confirm-signature'
import type { LetterWithVersion } from '~/models/letter.server'
import { effectiveLetterStatus, getLetterById } from '~/models/letter.server'
import { enqueueEmail } from '~/models/outbox.server'
import {
  changeSignatureStatus,
  findSignatureByEmail,
  getSignatureById,
  insertSignature,
  recordEmailSentToSigner,
  recordFailedCodeAttempt,
  recordVerification,
} from '~/models/signature.server'
import { issueManageToken, manageUrl } from '~/models/signature-manage-token.server'
import {
  findLiveTokenByCode,
  findTokenByPlainToken,
  issueSignatureToken,
  useUpSignatureTokens,
} from '~/models/signature-token.server'
import type { SignLetterInput } from '~/schemas/sign-letter'
import { verifyByEmployerDomain } from '~/services/employer-domains.server'
import {
  checkLicenceAtConfirmation,
  lookUpLicence,
  type RegistryAnswers,
} from '~/services/registry-verification.server'
import type { LicenceRegistry } from '~/services/registries/registry'
import { autoApproveIfVerified } from '~/services/auto-approval.server'
import { letterUrl } from '~/utils/urls'
import { hitRateLimit } from '~/models/rate-limit.server'
import { listOpenFlagsFor } from '~/models/signature-flag.server'
import { ipRangeOf, normalizeIp } from '~/utils/ip-address'
import {
  abuseLimitsFromEnv,
  recordScreening,
  screenSubmission,
  type AbuseLimits,
} from '~/services/abuse-screening.server'

export const MAX_EMAILS_PER_SIGNATURE = 5
export const MIN_MINUTES_BETWEEN_EMAILS = 1
export const MAX_FAILED_CODE_ATTEMPTS = 5

export type SigningContext = {
  appUrl: string
  confirmationTtlHours: number
  now?: Date
  /** The submitting client's address, when the server knows it (see TRUST_PROXY). */
  clientIp?: string | null
  /** Defaults to the instance's configured limits. */
  limits?: AbuseLimits
}

export class LetterNotOpenError extends Error {
  constructor(readonly status: Letter['status']) {
    super(
      status === 'closed'
        ? 'This letter is closed and no longer takes signatures.'
        : 'This letter is not open for signatures yet.',
    )
  }
}

export { letterUrl }

/**
 * Records a signature and queues its confirmation email, all or nothing. Signatures arriving
 * together share one durable commit (group commit, ADR 014); each resolves once it is on disk.
 * A second signature with the same address changes nothing on the page (no one can
 * probe who signed); the address's owner gets a reminder or a fresh link instead.
 * A submission over a rate limit or caught by a block rule is stored quarantined, with no email,
 * and the caller answers exactly as for any other.
 */
export async function signLetter(
  db: DB,
  letter: LetterWithVersion,
  input: SignLetterInput,
  context: SigningContext,
): Promise<{ signatureId: number }> {
  const now = context.now ?? new Date()
  const status = effectiveLetterStatus(letter, now)
  if (status !== 'open') throw new LetterNotOpenError(status)
  return groupCommitFor(db)(async (trx) => {
    const existing = await findSignatureByEmail(trx, letter.id, input.email)
    if (existing) {
      await emailSigner(trx, letter, existing, context)
      return { signatureId: existing.id }
    }
    const clientIp = normalizeIp(context.clientIp)
    const source = { clientIp, ipRange: ipRangeOf(clientIp) }
    const screening = await screenSubmission(
      trx,
      letter,
      input,
      source,
      context.limits ?? abuseLimitsFromEnv(),
      now,
    )
    const signature = await insertSignature(
      trx,
      {
        letterId: letter.id,
        letterVersionId: letter.version.id,
        name: input.name,
        email: input.email,
        profession: input.profession,
        organization: input.organization,
        location: input.location,
        licenceNumber: input.licenceNumber,
        comment: input.comment,
        listing: input.listing,
        wantsUpdates: input.wantsUpdates,
        clientIp: source.clientIp,
        ipRange: source.ipRange,
        quarantineReason: screening.quarantine,
      },
      now,
    )
    await recordScreening(trx, signature, screening, now)
    await emailSigner(trx, letter, signature, context)
    return { signatureId: signature.id }
  })
}

export type EmailAllowance = 'sent' | 'too-soon' | 'limit-reached' | 'quarantined'

/**
 * "Send it again": at most five emails per signature, one a minute. The page answers the same
 * whatever happened, so the outcome is for logs and tests only.
 */
export async function resendSignerEmail(
  db: DB,
  signatureId: number,
  context: SigningContext,
): Promise<EmailAllowance | 'unknown-signature'> {
  return db.transaction().execute(async (trx) => {
    const signature = await getSignatureById(trx, signatureId)
    const letter = signature && (await getLetterById(trx, signature.letter_id))
    if (!signature || !letter) return 'unknown-signature'
    return emailSigner(trx, letter, signature, context)
  })
}

function emailAllowance(signature: Signature, now: Date): EmailAllowance {
  if (signature.emails_sent >= MAX_EMAILS_PER_SIGNATURE) return 'limit-reached'
  if (
    signature.last_email_at &&
    now.getTime() - Date.parse(signature.last_email_at) < MIN_MINUTES_BETWEEN_EMAILS * 60_000
  ) {
    return 'too-soon'
  }
  return 'sent'
}

function standingOf(signature: Signature): AlreadySignedProps['standing'] {
  if (signature.status === 'approved') return 'listed'
  if (signature.status === 'confirmed') return 'awaiting-review'
  return 'not-listed'
}

/**
 * After a moderator lifts a quarantine (ADR 016): the confirmation email the signer would have had
 * at signing, under the same limits. The signer then confirms as anyone else does.
 */
export async function emailReleasedSigner(
  trx: DB,
  letter: Pick<Letter, 'id' | 'slug' | 'title'>,
  signature: Signature,
  context: SigningContext,
): Promise<EmailAllowance> {
  return emailSigner(trx, letter, signature, context)
}

/** The one email a signer should get now: a fresh confirmation while unconfirmed, else a reminder. */
async function emailSigner(
  trx: DB,
  letter: Pick<Letter, 'id' | 'slug' | 'title'>,
  signature: Signature,
  context: SigningContext,
): Promise<EmailAllowance> {
  const now = context.now ?? new Date()
  if (signature.quarantine_reason) return 'quarantined'
  const allowance = emailAllowance(signature, now)
  if (allowance !== 'sent') return allowance
  // Across letters too: one address cannot be made to receive a stream of mail.
  const perAddress = await hitRateLimit(
    trx,
    `signer-mail:${signature.email}`,
    (context.limits ?? abuseLimitsFromEnv()).RATE_LIMIT_CONFIRMATION_EMAILS,
    now,
  )
  if (!perAddress.allowed) return 'limit-reached'

  const common = {
    signerName: signature.name,
    letterTitle: letter.title,
    letterUrl: letterUrl(context.appUrl, letter.slug),
  }
  // Every email to a signer carries its own "manage your signature" link (a secret, like the code).
  const manage = { manageUrl: manageUrl(context.appUrl, await issueManageToken(trx, signature.id, now)) }
  if (signature.status === 'unconfirmed') {
    const { token, code } = await issueSignatureToken(trx, signature.id, context.confirmationTtlHours, now)
    await enqueueEmail(
      trx,
      {
        template: 'confirm-signature',
        to: signature.email,
        subject: confirmSignatureSubject(common),
        payload: { ...common, expiresInHours: context.confirmationTtlHours },
        secretPayload: { confirmUrl: `${context.appUrl}/confirm/${token}`, code, ...manage },
        letterId: letter.id,
        signatureId: signature.id,
      },
      now,
    )
  } else {
    await enqueueEmail(
      trx,
      {
        template: 'already-signed',
        to: signature.email,
        subject: alreadySignedSubject(common),
        payload: { ...common, standing: standingOf(signature) },
        secretPayload: manage,
        letterId: letter.id,
        signatureId: signature.id,
      },
      now,
    )
  }
  await recordEmailSentToSigner(trx, signature.id, now)
  return 'sent'
}

type ConfirmationTarget = { signature: Signature; letter: Letter }

export type ConfirmationCheck =
  | ({ kind: 'ready' } & ConfirmationTarget)
  | ({ kind: 'already-confirmed' } & ConfirmationTarget)
  | ({ kind: 'letter-not-open' } & ConfirmationTarget)
  | ({ kind: 'unavailable' } & ConfirmationTarget)
  | { kind: 'expired'; letter: Letter | null }
  | { kind: 'invalid' }

/** What a confirmation link would do, without doing it: the GET side of the link. */
export async function checkConfirmationToken(
  db: DB,
  token: string,
  now = new Date(),
): Promise<ConfirmationCheck> {
  const found = await findTokenByPlainToken(db, token)
  if (!found) return { kind: 'invalid' }
  const signature = await getSignatureById(db, found.signature_id)
  const letter = signature && (await getLetterById(db, signature.letter_id))
  if (!signature || !letter) return { kind: 'invalid' }
  if (signature.status === 'rejected' || signature.status === 'withdrawn')
    return { kind: 'unavailable', signature, letter }
  if (signature.status !== 'unconfirmed' || found.used_at)
    return { kind: 'already-confirmed', signature, letter }
  if (found.expires_at <= now.toISOString()) return { kind: 'expired', letter }
  if (effectiveLetterStatus(letter, now) !== 'open') return { kind: 'letter-not-open', signature, letter }
  return { kind: 'ready', signature, letter }
}

export type ConfirmationResult =
  | { kind: 'confirmed'; status: Extract<SignatureStatus, 'approved' | 'confirmed'>; letter: Letter }
  | Exclude<ConfirmationCheck, { kind: 'ready' }>

export type ConfirmationContext = {
  appUrl: string
  /** The HTTP licence registries this install talks to; a letter consults those it lists. */
  registries?: readonly LicenceRegistry[]
  now?: Date
}

async function confirm(
  trx: DB,
  { signature, letter }: ConfirmationTarget,
  method: 'email-link' | 'email-code',
  registryAnswers: RegistryAnswers | null,
  context: ConfirmationContext,
  now: Date,
): Promise<ConfirmationResult> {
  // A name on the letter's watchlist always waits for a moderator, even where nothing else does.
  const watchlisted = (await listOpenFlagsFor(trx, [signature.id])).some(
    (flag) => flag.kind === 'watchlist-name',
  )
  const status = letter.moderation_required || watchlisted ? 'confirmed' : 'approved'
  const moved = await changeSignatureStatus(trx, signature, status, now)
  if (!moved) {
    const current = (await getSignatureById(trx, signature.id)) ?? signature
    return { kind: 'already-confirmed', signature: current, letter }
  }
  await useUpSignatureTokens(trx, signature.id, now)
  // An address at one of the letter's employer domains verifies the profession too.
  const domainVerified = await verifyByEmployerDomain(trx, signature, now)
  if (!domainVerified) {
    await recordVerification(
      trx,
      signature.id,
      { level: 'email', method, evidence: null, verifiedBy: 'email confirmation' },
      now,
    )
  }
  // A licence number: conflicts are flagged, and a roster or a registry may verify the profession.
  await checkLicenceAtConfirmation(trx, signature, { domainVerified, registryAnswers }, now)
  if (
    status === 'confirmed' &&
    (await autoApproveIfVerified(trx, letter, signature.id, context.appUrl, now))
  ) {
    return { kind: 'confirmed', status: 'approved', letter }
  }
  return { kind: 'confirmed', status, letter }
}

/** The registries' answers for a signature about to be confirmed: network, so never in a transaction. */
function lookUpBeforeConfirming(target: ConfirmationTarget, context: ConfirmationContext) {
  return lookUpLicence(target.letter, target.signature.licence_number, context.registries ?? [])
}

/** The POST behind "Confirm my signature". */
export async function confirmSignatureByToken(
  db: DB,
  token: string,
  context: ConfirmationContext,
): Promise<ConfirmationResult> {
  const now = context.now ?? new Date()
  const precheck = await checkConfirmationToken(db, token, now)
  const registryAnswers = precheck.kind === 'ready' ? await lookUpBeforeConfirming(precheck, context) : null
  return db.transaction().execute(async (trx) => {
    // Checked again: the link may have been used while the registries answered.
    const check = await checkConfirmationToken(trx, token, now)
    return check.kind === 'ready' ? confirm(trx, check, 'email-link', registryAnswers, context, now) : check
  })
}

export type CodeConfirmationResult =
  ConfirmationResult | { kind: 'wrong-code'; attemptsLeft: number } | { kind: 'too-many-attempts' }

/** The 6-digit code typed on the "check your inbox" page, for the signature in this browser's session. */
export async function confirmSignatureByCode(
  db: DB,
  signatureId: number,
  code: string,
  context: ConfirmationContext,
): Promise<CodeConfirmationResult> {
  const now = context.now ?? new Date()
  // Registries are asked only for a code that would confirm: a wrong guess costs them nothing.
  const registryAnswers = await (async () => {
    const signature = await getSignatureById(db, signatureId)
    const letter = signature && (await getLetterById(db, signature.letter_id))
    if (!signature || !letter || signature.status !== 'unconfirmed') return null
    if (signature.failed_code_attempts >= MAX_FAILED_CODE_ATTEMPTS) return null
    if (effectiveLetterStatus(letter, now) !== 'open') return null
    if (!(await findLiveTokenByCode(db, signature.id, code, now))) return null
    return lookUpBeforeConfirming({ signature, letter }, context)
  })()
  return db.transaction().execute(async (trx) => {
    const signature = await getSignatureById(trx, signatureId)
    const letter = signature && (await getLetterById(trx, signature.letter_id))
    if (!signature || !letter) return { kind: 'invalid' }
    // The code is checked before anything about the signature is told: a stranger who signed
    // with someone else's address holds that signature in their session, and must learn nothing
    // from it. A confirmed signature has no live code left, so it answers like a wrong code.
    if (signature.failed_code_attempts >= MAX_FAILED_CODE_ATTEMPTS) return { kind: 'too-many-attempts' }
    const token = await findLiveTokenByCode(trx, signature.id, code, now)
    if (!token) {
      await recordFailedCodeAttempt(trx, signature.id)
      const attemptsLeft = MAX_FAILED_CODE_ATTEMPTS - signature.failed_code_attempts - 1
      return attemptsLeft > 0 ? { kind: 'wrong-code', attemptsLeft } : { kind: 'too-many-attempts' }
    }
    if (effectiveLetterStatus(letter, now) !== 'open') return { kind: 'letter-not-open', signature, letter }
    return confirm(trx, { signature, letter }, 'email-code', registryAnswers, context, now)
  })
}
