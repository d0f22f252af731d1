import type { DB } from '#db/database'
import type { ListingRequirement } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { listEmployerDomains } from '~/models/employer-domain.server'
import { getLetterById, letterPolicy, updateLetterPolicy, type LetterPolicy } from '~/models/letter.server'
import { getLetterCounts, getPublicCounts } from '~/models/signature-count.server'
import { professionKey, type LetterPolicyInput } from '~/schemas/letter-policy'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import type { LicenceRegistry } from '~/services/registries/registry'

// A letter's verification policy (issue 4): which professions may sign, what a signature needs to
// be listed, auto-approval of verified signatures, and the HTTP registries consulted.

const ACCESS_MESSAGE = 'Only organizers change this letter’s verification policy.'

export type RegistryOption = {
  id: string
  label: string
  /** False for a registry the letter names but this install no longer talks to. */
  configured: boolean
}

/**
 * The registries an organizer may tick: those this install has configured, and any the letter
 * already names that are no longer configured (kept until unticked, so a save changes nothing
 * the organizer did not touch).
 */
export function registryOptions(policy: LetterPolicy, configured: LicenceRegistry[]): RegistryOption[] {
  const options: RegistryOption[] = configured.map((registry) => ({
    id: registry.id,
    label: registry.label,
    configured: true,
  }))
  for (const id of policy.licenceRegistries) {
    if (!options.some((option) => option.id === id)) options.push({ id, label: id, configured: false })
  }
  return options
}

export type PolicyEffect = {
  /** Approved signatures, listed or counted only, whatever their verification. */
  approved: number
  /** How many of them are public under each listing requirement. */
  publicUnder: Record<ListingRequirement, number>
}

export async function getPolicyEffect(db: DB, letterId: number): Promise<PolicyEffect> {
  const [counts, byEmail, byProfession] = await Promise.all([
    getLetterCounts(db, letterId),
    getPublicCounts(db, { id: letterId, listing_requires: 'email' }),
    getPublicCounts(db, { id: letterId, listing_requires: 'profession' }),
  ])
  return {
    approved: counts.approved,
    publicUnder: { email: byEmail.total, profession: byProfession.total },
  }
}

/**
 * Employer domains that verify a profession the letter does not list: confirming there would give
 * a signer a profession the signing form never offered.
 */
export async function domainsOutsideList(db: DB, letterId: number, allowedProfessions: string[]) {
  if (allowedProfessions.length === 0) return []
  const allowed = new Set(allowedProfessions.map(professionKey))
  return (await listEmployerDomains(db, letterId))
    .filter((entry) => !allowed.has(professionKey(entry.profession)))
    .map((entry) => ({ domain: entry.domain, profession: entry.profession }))
}

export async function getPolicyPage(db: DB, access: LetterAccess, configured: LicenceRegistry[]) {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  const policy = letterPolicy(access.letter)
  const [effect, unlistedDomains] = await Promise.all([
    getPolicyEffect(db, access.letter.id),
    domainsOutsideList(db, access.letter.id, policy.allowedProfessions),
  ])
  return {
    policy,
    registries: registryOptions(policy, configured),
    effect,
    unlistedDomains,
    moderationRequired: access.letter.moderation_required === 1,
  }
}

export type SavePolicyOutcome =
  | { kind: 'saved'; before: LetterPolicy; after: LetterPolicy }
  | { kind: 'unchanged' }
  /** Ids that are neither configured here nor already on the letter: nothing was saved. */
  | { kind: 'unknown-registries'; ids: string[] }

const samePolicy = (a: LetterPolicy, b: LetterPolicy) =>
  a.listingRequires === b.listingRequires &&
  a.autoApproveVerified === b.autoApproveVerified &&
  JSON.stringify(a.allowedProfessions) === JSON.stringify(b.allowedProfessions) &&
  JSON.stringify([...a.licenceRegistries].sort()) === JSON.stringify([...b.licenceRegistries].sort())

export async function saveLetterPolicy(
  db: DB,
  access: LetterAccess,
  input: LetterPolicyInput,
  configured: LicenceRegistry[],
  now = new Date(),
): Promise<SavePolicyOutcome> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return db.transaction().execute(async (trx) => {
    // Read again inside the transaction: "before" is what this save replaces.
    const letter = await getLetterById(trx, access.letter.id)
    if (!letter) throw new Response('No such letter', { status: 404 })
    const before = letterPolicy(letter)
    const known = new Set(registryOptions(before, configured).map((option) => option.id))
    const unknown = input.licenceRegistries.filter((id) => !known.has(id))
    if (unknown.length) return { kind: 'unknown-registries' as const, ids: unknown }

    const after: LetterPolicy = {
      allowedProfessions: input.allowedProfessions,
      listingRequires: input.listingRequires,
      autoApproveVerified: input.autoApproveVerified,
      licenceRegistries: input.licenceRegistries,
    }
    if (samePolicy(before, after)) return { kind: 'unchanged' as const }
    await updateLetterPolicy(trx, letter.id, after, now)
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'letter.policy-changed',
        letterId: letter.id,
        before,
        after,
      },
      now,
    )
    return { kind: 'saved' as const, before, after }
  })
}
