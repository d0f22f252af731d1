import type { ListingRequirement, VerificationLevel } from '#db/schema'

/** The verification level in words, for moderators. */
export const VERIFICATION_LEVEL_LABELS: Record<VerificationLevel, string> = {
  none: 'Email not confirmed',
  email: 'Email confirmed',
  domain: 'Verified by employer domain',
  registry: 'Verified in a licence registry',
  moderator: 'Verified by a moderator',
}

/** Levels that verify the profession, not just the address: these earn a public badge. */
export const PROFESSION_VERIFIED_LEVELS = ['domain', 'registry', 'moderator'] as const

export function isProfessionVerified(level: VerificationLevel): boolean {
  return (PROFESSION_VERIFIED_LEVELS as readonly VerificationLevel[]).includes(level)
}

/** How a name was checked, in public words, strongest first (the counts above the list). */
export const PUBLIC_LEVEL_PHRASES: Partial<Record<VerificationLevel, string>> = {
  registry: 'in a licence registry',
  domain: 'by employer email address',
  moderator: 'by the organizers',
  email: 'by email address only',
}

/** The levels a letter lists and counts in public under its listing requirement. */
export function levelsListedUnder(requirement: ListingRequirement): VerificationLevel[] {
  return requirement === 'profession'
    ? [...PROFESSION_VERIFIED_LEVELS]
    : ['email', ...PROFESSION_VERIFIED_LEVELS]
}

export function meetsListingRequirement(level: VerificationLevel, requirement: ListingRequirement): boolean {
  return levelsListedUnder(requirement).includes(level)
}

export const LISTING_REQUIREMENT_LABELS: Record<ListingRequirement, string> = {
  email: 'A confirmed email address',
  profession: 'A verified profession (employer domain, licence registry or a moderator’s check)',
}

const METHOD_DESCRIPTIONS: Record<string, string> = {
  'moderator-check': 'Checked by the organizers',
  'employer-domain': 'Employer email domain',
  'licence-roster': 'Licence roster',
  'licence-registry': 'Licence registry',
  imported: 'Imported; email confirmed by the source',
}

/**
 * Methods whose `verified_by` is public wording, never a person: a licence roster's name ("State
 * Bar of California roster") or an HTTP registry's label ("US NPI Registry").
 */
export const PUBLIC_VERIFIER_METHODS: ReadonlySet<string> = new Set(['licence-roster', 'licence-registry'])

/**
 * "Checked by the organizers, 2026-11-21", "State Bar of California roster, 2026-11-21" or "US NPI
 * Registry, 2026-11-21": how and
 * when, never the evidence itself. `verifier` is used only for methods in PUBLIC_VERIFIER_METHODS.
 */
export function describeVerification(
  level: VerificationLevel,
  method: string | null,
  verifiedAt: string | null,
  verifier: string | null = null,
): string {
  const how =
    (method && verifier && PUBLIC_VERIFIER_METHODS.has(method) ? verifier : null) ??
    (method && METHOD_DESCRIPTIONS[method]) ??
    (level === 'moderator' ? METHOD_DESCRIPTIONS['moderator-check']! : VERIFICATION_LEVEL_LABELS[level])
  return verifiedAt ? `${how}, ${verifiedAt.slice(0, 10)}` : how
}

/** "Verified public defender" */
export function badgeLabel(profession: string): string {
  return `Verified ${profession.toLowerCase()}`
}
