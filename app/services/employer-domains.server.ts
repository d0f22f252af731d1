import type { DB } from '#db/database'
import type { EmployerDomain, Signature } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import {
  deleteEmployerDomain,
  insertEmployerDomain,
  listEmployerDomains,
} from '~/models/employer-domain.server'
import { recordVerification } from '~/models/signature.server'
import type { AddEmployerDomainInput } from '~/schemas/employer-domain'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { matchEmailDomain } from '~/utils/email-domain'

const ACCESS_MESSAGE = 'Only organizers manage this letter’s employer domains.'

// A letter's employer email domains (issue 4): organizers keep the list; confirming an address
// at a listed domain verifies the signer's profession and fills their organization.

export const EMPLOYER_DOMAIN_METHOD = 'employer-domain'
export const EMPLOYER_DOMAIN_VERIFIER = 'employer domain list'

const summary = (
  entry: Pick<EmployerDomain, 'domain' | 'include_subdomains' | 'organization' | 'profession'>,
) => ({
  domain: entry.domain,
  includeSubdomains: entry.include_subdomains === 1,
  organization: entry.organization,
  profession: entry.profession,
})

export async function listDomains(db: DB, access: LetterAccess) {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return listEmployerDomains(db, access.letter.id)
}

export type AddDomainOutcome = { kind: 'added'; entry: EmployerDomain } | { kind: 'duplicate' }

export async function addDomain(
  db: DB,
  access: LetterAccess,
  input: AddEmployerDomainInput,
  now = new Date(),
): Promise<AddDomainOutcome> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return db.transaction().execute(async (trx) => {
    const entry = await insertEmployerDomain(
      trx,
      {
        letterId: access.letter.id,
        domain: input.domain,
        includeSubdomains: input.includeSubdomains,
        organization: input.organization,
        profession: input.profession,
        createdByUserId: access.user.id,
      },
      now,
    )
    if (!entry) return { kind: 'duplicate' as const }
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'domain.added',
        letterId: access.letter.id,
        after: summary(entry),
      },
      now,
    )
    return { kind: 'added' as const, entry }
  })
}

/** Removes one of the letter's domains; null when it was already gone. */
export async function removeDomain(
  db: DB,
  access: LetterAccess,
  domainId: number,
  now = new Date(),
): Promise<EmployerDomain | null> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return db.transaction().execute(async (trx) => {
    const removed = await deleteEmployerDomain(trx, access.letter.id, domainId)
    if (!removed) return null
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'domain.removed',
        letterId: access.letter.id,
        before: summary(removed),
      },
      now,
    )
    return removed
  })
}

/**
 * At email confirmation, in its transaction: when the signer's address is at one of the letter's
 * domains (the most specific entry wins), records level 'domain' and fills the organization and
 * profession from the entry. Returns false (recording nothing) when no domain matches.
 */
export async function verifyByEmployerDomain(
  trx: DB,
  signature: Signature,
  now = new Date(),
): Promise<boolean> {
  const entries = await listEmployerDomains(trx, signature.letter_id)
  const match = matchEmailDomain(
    signature.email,
    entries.map((entry) => ({ ...entry, includeSubdomains: entry.include_subdomains === 1 })),
  )
  if (!match) return false
  await trx
    .updateTable('signatures')
    .set({ organization: match.organization, profession: match.profession })
    .where('id', '=', signature.id)
    .execute()
  await recordVerification(
    trx,
    signature.id,
    {
      level: 'domain',
      method: EMPLOYER_DOMAIN_METHOD,
      evidence: match.domain,
      verifiedBy: EMPLOYER_DOMAIN_VERIFIER,
    },
    now,
  )
  await recordAuditEvent(
    trx,
    {
      actor: { type: 'system', label: EMPLOYER_DOMAIN_VERIFIER },
      action: 'signature.verified',
      letterId: signature.letter_id,
      signatureId: signature.id,
      before: {
        level: signature.verification_level,
        method: signature.verification_method,
        organization: signature.organization,
        profession: signature.profession,
      },
      after: {
        level: 'domain',
        method: EMPLOYER_DOMAIN_METHOD,
        evidence: match.domain,
        organization: match.organization,
        profession: match.profession,
      },
    },
    now,
  )
  return true
}
