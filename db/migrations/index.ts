import type { Migration } from 'kysely'
import * as lettersAndSignatures from './2026-11-21T1100_letters_and_signatures'
import * as organizers from './2026-11-21T1300_organizers'
import * as verification from './2026-11-21T1400_verification'
import * as employerDomains from './2026-11-21T1500_employer_domains'
import * as licenceRosters from './2026-11-21T1600_licence_rosters'
import * as signatureFlags from './2026-11-21T1700_signature_flags'
import * as verificationPolicy from './2026-11-21T1800_verification_policy'
import * as recheckSummary from './2026-11-21T1910_recheck_summary'
import * as hotQueryIndexes from './2026-11-21T2050_hot_query_indexes'
import * as signaturesInSigningOrder from './2026-11-21T2100_signatures_in_signing_order'
import * as abuseResistance from './2026-11-21T2200_abuse_resistance'
import * as privacy from './2026-11-21T2220_privacy'
import * as outboxPriority from './2026-11-21T2230_outbox_priority'
import * as signatoryChain from './2026-11-21T2300_signatory_chain'
import * as signatureImports from './2026-11-21T2320_signature_imports'
import * as letterUpdates from './2026-11-21T2330_letter_updates'

// Every migration, by name, in the order they apply. A test checks that each file is listed here.
// Static imports (not Kysely's FileMigrationProvider) so tsx, Vitest and any bundler load them alike.
export const migrations: Record<string, Migration> = {
  '2026-11-21T1100_letters_and_signatures': lettersAndSignatures,
  '2026-11-21T1300_organizers': organizers,
  '2026-11-21T1400_verification': verification,
  '2026-11-21T1500_employer_domains': employerDomains,
  '2026-11-21T1600_licence_rosters': licenceRosters,
  '2026-11-21T1700_signature_flags': signatureFlags,
  '2026-11-21T1800_verification_policy': verificationPolicy,
  '2026-11-21T1910_recheck_summary': recheckSummary,
  '2026-11-21T2050_hot_query_indexes': hotQueryIndexes,
  '2026-11-21T2100_signatures_in_signing_order': signaturesInSigningOrder,
  '2026-11-21T2200_abuse_resistance': abuseResistance,
  '2026-11-21T2220_privacy': privacy,
  '2026-11-21T2230_outbox_priority': outboxPriority,
  '2026-11-21T2300_signatory_chain': signatoryChain,
  '2026-11-21T2320_signature_imports': signatureImports,
  '2026-11-21T2330_letter_updates': letterUpdates,
}
