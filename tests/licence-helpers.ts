import { expect } from 'vitest'
import type { LetterPolicy } from '~/models/letter.server'
import { getLetterBySlug } from '~/models/letter.server'
import { insertLicenceRoster, replaceLicenceRosterEntries } from '~/models/licence-roster.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getSignatureById } from '~/models/signature.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import type { LicenceRegistry } from '~/services/registries/registry'
import {
  confirmSignatureByCode,
  confirmSignatureByToken,
  signLetter,
  type CodeConfirmationResult,
} from '~/services/signing.server'
import { getDb } from '~/utils/db.server'
import { createTestLetter, uniqueEmail, validSignatureForm } from './factories'

// Letters with licence rosters and registries, and signers who sign and confirm through the real
// services: shared by the licence check, auto-approval and recheck tests.

export const APP_URL = 'http://localhost:3000'
export const BAR = 'State Bar of California'

export type TestLetter = NonNullable<Awaited<ReturnType<typeof getLetterBySlug>>>
export type RosterRow = { number: string; name: string; status?: string }

/** Replaces a roster's entries, as a re-import would. */
export async function importRosterRows(rosterId: number, entries: RosterRow[]) {
  await replaceLicenceRosterEntries(
    getDb(),
    rosterId,
    entries.map((entry) => ({
      licence_number: entry.number,
      full_name: entry.name,
      status: entry.status ?? 'active',
      jurisdiction: 'CA',
      admitted_on: null,
    })),
    null,
  )
}

/**
 * A letter with, optionally, a California bar roster (numbers of 1 to 6 digits) holding these
 * entries, and the given policy.
 */
export async function letterWithLicenceChecks(
  options: {
    roster?: RosterRow[]
    moderationRequired?: boolean
    policy?: Partial<LetterPolicy>
  } = {},
): Promise<{ letter: TestLetter; rosterId: number | null }> {
  const db = getDb()
  const created = await createTestLetter(db, {
    moderationRequired: options.moderationRequired ?? true,
    policy: options.policy,
  })
  let rosterId: number | null = null
  if (options.roster) {
    const roster = (await insertLicenceRoster(db, {
      letterId: created.id,
      name: BAR,
      jurisdiction: 'CA',
      numberPattern: '^\\d{1,6}$',
    }))!
    rosterId = roster.id
    await importRosterRows(roster.id, options.roster)
  }
  return { letter: (await getLetterBySlug(db, created.slug))!, rosterId }
}

/** Signs through the service and confirms by link (or by code), with these registries configured. */
export async function signAndConfirm(
  letter: TestLetter,
  signer: { name: string; licenceNumber: string; email?: string },
  options: { registries?: LicenceRegistry[]; by?: 'link' | 'code'; now?: Date } = {},
) {
  const email = signer.email ?? uniqueEmail()
  const input = signLetterSchema.parse(
    validSignatureForm({ name: signer.name, licenceNumber: signer.licenceNumber, email }),
  )
  const { signatureId } = await signLetter(getDb(), letter, input, {
    appUrl: APP_URL,
    confirmationTtlHours: 48,
    now: options.now,
  })
  const emails = await listOutboxEmailsTo(getDb(), email.toLowerCase())
  const { confirmUrl, code } = JSON.parse(emails.at(-1)!.secret_payload!) as {
    confirmUrl: string
    code: string
  }
  const context = { appUrl: APP_URL, registries: options.registries, now: options.now }
  const result: CodeConfirmationResult =
    options.by === 'code'
      ? await confirmSignatureByCode(getDb(), signatureId, code, context)
      : await confirmSignatureByToken(getDb(), confirmUrl.split('/confirm/')[1]!, context)
  expect(result.kind).toBe('confirmed')
  const signature = (await getSignatureById(getDb(), signatureId))!
  return { signature, result, email }
}

export async function flagsOf(signatureId: number) {
  const rows = await getDb()
    .selectFrom('signature_flags')
    .select(['kind', 'detail', 'resolution'])
    .where('signature_id', '=', signatureId)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    kind: row.kind,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
    resolution: row.resolution,
  }))
}

export async function openFlagKinds(signatureId: number) {
  return (await flagsOf(signatureId)).filter((flag) => flag.resolution === null).map((flag) => flag.kind)
}

export async function auditOf(signatureId: number, action: string) {
  return getDb()
    .selectFrom('audit_events')
    .select(['actor_type', 'actor_label', 'actor_user_id', 'before', 'after'])
    .where('signature_id', '=', signatureId)
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}
