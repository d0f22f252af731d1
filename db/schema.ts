import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

// SQLite conventions: timestamps are ISO-8601 text in UTC, booleans are 0/1 integers.

export type LetterStatus = 'draft' | 'open' | 'closed'
export type SignatureStatus = 'unconfirmed' | 'confirmed' | 'approved' | 'rejected' | 'withdrawn'
export type Listing = 'listed' | 'counted'
export type OutboxStatus = 'pending' | 'sent' | 'delivered_locally' | 'failed'
export type UserRole = 'owner' | 'member'
export type MemberRole = 'organizer' | 'moderator'
export type RejectionReason = 'duplicate' | 'not-eligible' | 'fake' | 'offensive' | 'other'
export type AuditActorType = 'user' | 'signer' | 'system'
export type VerificationLevel = 'none' | 'email' | 'domain' | 'registry' | 'moderator'
/** The least a signature needs to be listed and counted in public. */
export type ListingRequirement = 'email' | 'profession'
export type FlagResolution = 'dismissed' | 'decided' | 'cleared'

export interface LettersTable {
  id: Generated<number>
  slug: string
  title: string
  recipient: string
  organizers_line: string
  status: Generated<LetterStatus>
  moderation_required: Generated<0 | 1>
  current_version_id: number | null
  opened_at: string | null
  closed_at: string | null
  created_at: string
  updated_at: string
  notify_on_approve: Generated<0 | 1>
  notify_on_reject: Generated<0 | 1>
  closes_at: string | null
  /** JSON array of profession names offered to signers as a choice; '[]' means free text. */
  allowed_professions: Generated<string>
  listing_requires: Generated<ListingRequirement>
  /** 1: a signature whose profession is verified at confirmation skips the queue. */
  auto_approve_verified: Generated<0 | 1>
  /** JSON array of HTTP licence registry ids the letter consults, e.g. '["npi"]'. */
  licence_registries: Generated<string>
  /** When "Recheck" last re-ran the licence checks. */
  rechecked_at: string | null
  /** JSON counts of what that recheck found (checked, verified, flagged, ...), or null. */
  recheck_summary: string | null
  /**
   * Days after the letter closes until its signers' email and network addresses are erased
   * (1-3650); null keeps them (ADR 017).
   */
  retention_days: number | null
}

export interface LetterVersionsTable {
  id: Generated<number>
  letter_id: number
  version_number: number
  body_markdown: string
  body_sha256: string
  published_at: string
}

export interface SignaturesTable {
  id: Generated<number>
  letter_id: number
  letter_version_id: number
  name: string
  email: string
  profession: string
  organization: string
  location: string
  licence_number: string | null
  comment: string | null
  listing: Listing
  status: Generated<SignatureStatus>
  emails_sent: Generated<number>
  last_email_at: string | null
  failed_code_attempts: Generated<number>
  created_at: string
  confirmed_at: string | null
  status_changed_at: string
  decided_by_user_id: number | null
  decided_at: string | null
  rejection_reason: RejectionReason | null
  rejection_note: string | null
  verification_level: Generated<VerificationLevel>
  /** How it was checked, e.g. 'email-link', 'email-code', 'moderator-check'. */
  verification_method: string | null
  /** A URL or a note behind the check; never shown to the public. */
  verification_evidence: string | null
  /** Who or what checked it: a user's "Name <email>" or a system label. */
  verified_by: string | null
  verified_at: string | null
  /** The client address the signature came from; members of the letter only. */
  client_ip: string | null
  /** Its network: '203.0.113.0/24' or '2001:db8:1::/48'. */
  ip_range: string | null
  /** Computed by SQLite from the address. */
  email_domain: Generated<string>
  /** Set while the signature is quarantined ("suspected"): never emailed, listed or counted in public. */
  quarantine_reason: QuarantineReason | null
  quarantined_at: string | null
  /** When the email, network address and comment were erased (on request or by retention). */
  erased_at: string | null
  /** Gathered elsewhere and imported from a CSV: the source's name, shown in public (ADR 020). */
  imported_from: string | null
  imported_at: string | null
  /** 1: the signer ticked "Email me updates about this letter" (and has not opted out since). */
  wants_updates: Generated<0 | 1>
}

/** An organizer's news about a letter, on its page, in its Atom feed and emailed to opted-in signers. */
export interface LetterUpdatesTable {
  id: Generated<number>
  letter_id: number
  /** The Atom entry's id, as urn:uuid: stable whatever happens to the slug or host. */
  uuid: string
  title: string
  body_markdown: string
  published_at: string
  author_user_id: number | null
  edited_at: string | null
}

export interface SignatureTokensTable {
  id: Generated<number>
  signature_id: number
  token_hash: string
  code_hash: string
  expires_at: string
  used_at: string | null
  created_at: string
}

/** Counter rows kept by triggers on signatures (ADR 010): no request counts signatures. */
export interface SignatureTalliesTable {
  letter_id: number
  status: SignatureStatus
  listing: Listing
  verification_level: VerificationLevel
  /** Compared without ASCII case: "Attorney" and "attorney" share a row. */
  profession: string
  count: number
}

export interface EmailOutboxTable {
  id: Generated<number>
  idempotency_key: string
  template: string
  to_address: string
  subject: string
  payload: string
  secret_payload: string | null
  status: Generated<OutboxStatus>
  attempts: Generated<number>
  next_attempt_at: string
  last_error: string | null
  provider_message_id: string | null
  letter_id: number | null
  signature_id: number | null
  created_at: string
  sent_at: string | null
  /** 0: someone is waiting for it (sign-in link, confirmation); 1: a notification. Lower goes first. */
  priority: Generated<0 | 1>
}

export interface UsersTable {
  id: Generated<number>
  email: string
  display_name: string
  role: Generated<UserRole>
  created_at: string
  last_sign_in_at: string | null
}

export interface LetterMembersTable {
  letter_id: number
  user_id: number
  role: MemberRole
  invited_by_user_id: number | null
  created_at: string
}

export interface SignInTokensTable {
  id: Generated<number>
  user_id: number
  token_hash: string
  expires_at: string
  used_at: string | null
  created_at: string
}

export interface SessionsTable {
  id_hash: string
  user_id: number
  created_at: string
  last_seen_at: string
  expires_at: string
  user_agent: string | null
}

export interface SignatureManageTokensTable {
  id: Generated<number>
  signature_id: number
  token_hash: string
  created_at: string
}

export interface AuditEventsTable {
  id: Generated<number>
  actor_type: AuditActorType
  actor_user_id: number | null
  actor_label: string
  action: string
  letter_id: number | null
  signature_id: number | null
  before: string | null
  after: string | null
  created_at: string
}

export interface EmployerDomainsTable {
  id: Generated<number>
  letter_id: number
  /** Lower-case, no trailing dot, e.g. 'pd.lacounty.gov'. */
  domain: string
  /** 1: the domain and its subdomains match; 0: the domain exactly. */
  include_subdomains: number
  organization: string
  profession: string
  created_at: string
  created_by_user_id: number | null
}

export interface LicenceRostersTable {
  id: Generated<number>
  letter_id: number
  /** The licensing body, e.g. 'State Bar of California'; unique per letter. */
  name: string
  jurisdiction: string
  /** A regular expression source every normalized licence number must match, e.g. '^\d{1,6}$'. */
  number_pattern: string
  created_at: string
  /** Null until the first import. */
  imported_at: string | null
  imported_by_user_id: number | null
  row_count: Generated<number>
}

export interface LicenceRosterEntriesTable {
  roster_id: number
  /** Normalized: trimmed, upper-cased, without spaces or dashes. */
  licence_number: string
  full_name: string
  /** Lower-cased, as the roster gives it: 'active', 'inactive', ... */
  status: string
  jurisdiction: string
  /** ISO date (YYYY-MM-DD) or null. */
  admitted_on: string | null
}

export type SignatureFlagKind =
  | 'licence-conflict'
  | 'registry-name-mismatch'
  | 'licence-inactive'
  | 'licence-not-found'
  | 'registry-unavailable'
  | 'disposable-email'
  | 'suspicious-name'
  | 'watchlist-name'
  | 'busy-ip-range'
  | 'busy-email-domain'

export type QuarantineReason =
  'ip-burst-limit' | 'ip-sustained-limit' | 'blocked-ip-range' | 'blocked-domain' | 'blocked-email'

export type BlockRuleKind = 'ip-range' | 'domain' | 'email'

export interface RateLimitHitsTable {
  bucket: string
  window_start: number
  expires_at: number
  count: number
}

export interface BlockRulesTable {
  id: Generated<number>
  letter_id: number
  kind: BlockRuleKind
  /** '203.0.113.0/24', 'example.com' (and its subdomains), or one address. */
  value: string
  note: string | null
  created_by_user_id: number | null
  created_at: string
}

export interface WatchlistNamesTable {
  id: Generated<number>
  letter_id: number
  name: string
  created_by_user_id: number | null
  created_at: string
}

export interface SignatureFlagsTable {
  id: Generated<number>
  signature_id: number
  /** What a moderator should look at; issue 5 adds more kinds. */
  kind: SignatureFlagKind
  /** JSON, or null: e.g. both names side by side for a registry name mismatch. */
  detail: string | null
  created_at: string
  resolved_at: string | null
  resolved_by_user_id: number | null
  resolution: FlagResolution | null
}

/** One entry of a letter's tamper-evident signatory log (ADR 018), appended by triggers only. */
export interface SignatoryChainTable {
  id: Generated<number>
  letter_id: number
  /** 1, 2, 3... per letter; null only inside the statement that appends it (ADR 018). */
  seq: number | null
  at: Generated<string>
  kind: 'add' | 'update' | 'remove'
  cause: string
  signature_id: number
  record_hash: string | null
  prev_hash: string | null
  hash: string | null
}

export interface Database {
  letters: LettersTable
  letter_versions: LetterVersionsTable
  signatures: SignaturesTable
  signature_tokens: SignatureTokensTable
  signature_tallies: SignatureTalliesTable
  email_outbox: EmailOutboxTable
  users: UsersTable
  letter_members: LetterMembersTable
  sign_in_tokens: SignInTokensTable
  sessions: SessionsTable
  signature_manage_tokens: SignatureManageTokensTable
  audit_events: AuditEventsTable
  employer_domains: EmployerDomainsTable
  licence_rosters: LicenceRostersTable
  licence_roster_entries: LicenceRosterEntriesTable
  signature_flags: SignatureFlagsTable
  rate_limit_hits: RateLimitHitsTable
  block_rules: BlockRulesTable
  watchlist_names: WatchlistNamesTable
  letter_updates: LetterUpdatesTable
  signatory_chain: SignatoryChainTable
}

export type Letter = Selectable<LettersTable>
export type NewLetter = Insertable<LettersTable>
export type LetterUpdate = Updateable<LettersTable>
export type LetterVersion = Selectable<LetterVersionsTable>
export type Signature = Selectable<SignaturesTable>
export type NewSignature = Insertable<SignaturesTable>
export type SignatureToken = Selectable<SignatureTokensTable>
export type OutboxEmail = Selectable<EmailOutboxTable>
export type User = Selectable<UsersTable>
export type LetterMember = Selectable<LetterMembersTable>
export type Session = Selectable<SessionsTable>
export type AuditEvent = Selectable<AuditEventsTable>
export type EmployerDomain = Selectable<EmployerDomainsTable>
export type LicenceRoster = Selectable<LicenceRostersTable>
export type LicenceRosterEntry = Selectable<LicenceRosterEntriesTable>
export type SignatureFlag = Selectable<SignatureFlagsTable>
export type BlockRule = Selectable<BlockRulesTable>
export type WatchlistName = Selectable<WatchlistNamesTable>
export type LetterUpdateEntry = Selectable<LetterUpdatesTable>
