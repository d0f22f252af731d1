import { randomUUID } from 'node:crypto'
import type { DB } from '#db/database'
import type { LetterStatus, Listing, QuarantineReason, SignatureStatus, VerificationLevel } from '#db/schema'
import { createLetter, updateLetterPolicy, type LetterPolicy } from '~/models/letter.server'
import { insertSignature, recordVerification } from '~/models/signature.server'
import { ipRangeOf } from '~/utils/ip-address'

export function uniqueSlug(prefix = 'letter') {
  return `${prefix}-${randomUUID().slice(0, 8)}`
}

export function uniqueEmail(prefix = 'signer') {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.org`
}

export async function createTestLetter(
  db: DB,
  traits: {
    status?: LetterStatus
    moderationRequired?: boolean
    slug?: string
    title?: string
    bodyMarkdown?: string
    policy?: Partial<LetterPolicy>
  } = {},
) {
  return db.transaction().execute(async (trx) => {
    const letter = await createLetter(trx, {
      slug: traits.slug ?? uniqueSlug(),
      title: traits.title ?? 'An open letter on sentencing',
      recipient: 'To: the State Legislature',
      organizersLine: 'Organized by the Test Defenders',
      bodyMarkdown: traits.bodyMarkdown ?? 'We, the undersigned, **ask** you to keep judges free to judge.',
      status: traits.status ?? 'open',
      moderationRequired: traits.moderationRequired ?? false,
    })
    if (!traits.policy) return letter
    const policy: LetterPolicy = {
      allowedProfessions: [],
      listingRequires: 'email',
      autoApproveVerified: false,
      licenceRegistries: [],
      ...traits.policy,
    }
    await updateLetterPolicy(trx, letter.id, policy)
    return {
      ...letter,
      allowed_professions: JSON.stringify(policy.allowedProfessions),
      listing_requires: policy.listingRequires,
      auto_approve_verified: policy.autoApproveVerified ? (1 as const) : (0 as const),
      licence_registries: JSON.stringify(policy.licenceRegistries),
    }
  })
}

export async function createTestSignature(
  db: DB,
  letter: { id: number; version: { id: number } },
  traits: {
    status?: SignatureStatus
    listing?: Listing
    name?: string
    organization?: string
    email?: string
    profession?: string
    licenceNumber?: string
    /** A profession-verifying level, recorded as a moderator's check unless 'domain' or 'registry'. */
    verifiedAs?: Exclude<VerificationLevel, 'none' | 'email'>
    /** The client address it came from; its /24 or /48 is stored beside it. */
    clientIp?: string
    /** Stored quarantined ("suspected"), as screening does with an unconfirmed signature. */
    quarantineReason?: QuarantineReason
    /** Ticked "Email me updates about this letter". */
    wantsUpdates?: boolean
  } = {},
  now?: Date,
) {
  return db.transaction().execute(async (trx) => {
    const signature = await insertSignature(
      trx,
      {
        letterId: letter.id,
        letterVersionId: letter.version.id,
        name: traits.name ?? 'Maya Okafor',
        email: traits.email ?? uniqueEmail(),
        profession: traits.profession ?? 'Public defender',
        organization: traits.organization ?? 'County Public Defender',
        location: 'Oakland, CA',
        licenceNumber: traits.licenceNumber ?? null,
        comment: null,
        listing: traits.listing ?? 'listed',
        wantsUpdates: traits.wantsUpdates ?? false,
        status: traits.status ?? 'unconfirmed',
        clientIp: traits.clientIp ?? null,
        ipRange: ipRangeOf(traits.clientIp),
        quarantineReason: traits.quarantineReason ?? null,
      },
      now,
    )
    if (!traits.verifiedAs) return signature
    const method = { domain: 'employer-domain', registry: 'licence-roster', moderator: 'moderator-check' }[
      traits.verifiedAs
    ]
    const verifiedBy = traits.verifiedAs === 'registry' ? 'Test Bar roster' : 'test factory'
    await recordVerification(
      trx,
      signature.id,
      { level: traits.verifiedAs, method, evidence: 'factory', verifiedBy },
      now,
    )
    return {
      ...signature,
      verification_level: traits.verifiedAs,
      verification_method: method,
      verification_evidence: 'factory',
      verified_by: verifiedBy,
    }
  })
}

export const validSignatureForm = (overrides: Record<string, string> = {}) => ({
  name: 'Zoë Nguyễn-Adams',
  email: uniqueEmail(),
  profession: 'Deputy public defender',
  organization: 'Alameda County Public Defender',
  location: 'Oakland, CA',
  licenceNumber: '',
  comment: '',
  listing: 'listed',
  ...overrides,
})

export function formRequest(
  url: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item)
  }
  return new Request(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  })
}
