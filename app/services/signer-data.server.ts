import type { DB } from '#db/database'
import type { Signature } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { effectiveClosedAt, effectiveLetterStatus } from '~/models/letter.server'
import { findSignatureByEmail } from '~/models/signature.server'
import {
  countUnerasedSignatures,
  eraseSignerData,
  readStoredSignerData,
  updateRetentionDays,
  type StoredSignerData,
} from '~/models/signer-data.server'
import { describeAuditAction } from '~/services/audit-log.server'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'

// A signer's request about their data, handled by an owner: find their signature by its exact
// address, hand them everything stored about it, or erase it (ADR 017). Also the letter's
// retention setting, which erases every signer's data some days after the letter closes.

const DAY_MS = 86_400_000

export const EXPORT_FORMAT = 'undersigned-signer-data/1'

/** What an owner sees about a signature before exporting or erasing it. */
export type SignerSummary = {
  signatureId: number
  name: string
  profession: string
  organization: string
  location: string
  status: Signature['status']
  listing: Signature['listing']
  createdAt: string
  erasedAt: string | null
  stored: {
    email: boolean
    networkAddress: boolean
    comment: boolean
    licenceNumber: boolean
    emails: number
    links: number
  }
}

function summarize(data: StoredSignerData): SignerSummary {
  const { signature } = data
  return {
    signatureId: signature.id,
    name: signature.name,
    profession: signature.profession,
    organization: signature.organization,
    location: signature.location,
    status: signature.status,
    listing: signature.listing,
    createdAt: signature.created_at,
    erasedAt: signature.erased_at,
    stored: {
      email: signature.erased_at === null,
      networkAddress: signature.client_ip !== null || signature.ip_range !== null,
      comment: signature.comment !== null,
      licenceNumber: signature.licence_number !== null,
      emails: data.emails.filter((email) => email.payload !== '{}').length,
      links: data.confirmationLinks.length + data.manageLinks.length,
    },
  }
}

/** "Dana Ruiz <dana@example.org>" reads "Dana Ruiz": team members' addresses are not the signer's data. */
function withoutAddress(label: string | null): string | null {
  return label === null ? null : label.replace(/\s*<[^<>]*@[^<>]*>\s*$/, '')
}

function parseJson(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** A flag's detail as the signer may read it: nothing about other people who signed. */
function flagDetailForSigner(kind: string, detail: unknown): unknown {
  if (!detail || typeof detail !== 'object') return detail
  const record = detail as Record<string, unknown>
  if (kind === 'licence-conflict') {
    return { otherSignature: 'another signature of this letter gave the same licence number' }
  }
  if (kind === 'registry-name-mismatch') {
    const { registered: _registered, ...rest } = record
    return rest
  }
  return record
}

function auditChangeForSigner(action: string, value: unknown): unknown {
  if (action !== 'signature.flagged' || !value || typeof value !== 'object') return value
  const record = value as { kind?: unknown; detail?: unknown }
  return typeof record.kind === 'string'
    ? { ...record, detail: flagDetailForSigner(record.kind, record.detail) }
    : record
}

/**
 * The JSON document handed to the signer: everything stored about their signature of this
 * letter, except secrets (link and code hashes, idempotency keys) and other people's data.
 */
export function signerDataDocument(
  data: StoredSignerData,
  context: { letter: { id: number; slug: string; title: string }; exportedBy: string; now: Date },
) {
  const { signature } = data
  return {
    format: EXPORT_FORMAT,
    exportedAt: context.now.toISOString(),
    exportedBy: context.exportedBy,
    letter: context.letter,
    signature: { ...signature, verified_by: withoutAddress(signature.verified_by) },
    flags: data.flags.map((flag) => ({
      kind: flag.kind,
      detail: flagDetailForSigner(flag.kind, parseJson(flag.detail)),
      created_at: flag.created_at,
      resolved_at: flag.resolved_at,
      resolution: flag.resolution,
    })),
    emails: data.emails.map(({ payload, ...email }) => ({ ...email, content: parseJson(payload) })),
    confirmationLinks: data.confirmationLinks,
    manageLinks: data.manageLinks,
    auditEvents: data.auditEvents.map((event) => ({
      id: event.id,
      at: event.created_at,
      action: event.action,
      description: describeAuditAction(event.action),
      actor: { type: event.actor_type, name: withoutAddress(event.actor_label) },
      before: auditChangeForSigner(event.action, parseJson(event.before)),
      after: auditChangeForSigner(event.action, parseJson(event.after)),
    })),
    blockRules: data.blockRules.map((rule) => ({
      kind: rule.kind,
      value: rule.value,
      created_at: rule.created_at,
    })),
    notes: [
      'Links and codes are stored only as one-way hashes; they are not part of this export.',
      'The name, profession, organization, location and how the signature was verified are the public record of the signature.',
    ],
  }
}

export type SignerDataDocument = ReturnType<typeof signerDataDocument>

export type ErasureOutcome =
  | { kind: 'erased'; signatureId: number; name: string; emails: number; links: number }
  | { kind: 'already-erased'; signatureId: number; name: string }
  | { kind: 'not-found' }

export type RetentionView = {
  days: number | null
  /** When signing stopped, if it has. */
  closedAt: string | null
  /** When the job erases (or erased) the letter's signer data; null while the letter is open or with no setting. */
  eraseFrom: string | null
  /** Signatures that still hold an address. */
  unerased: number
}

/** Signer data of one letter, for one owner. Built only from a LetterAccess that may manage it. */
export function signerDataFor(db: DB, access: LetterAccess) {
  requirePermission(access, 'manage-signer-data', 'Only the site’s owners handle signers’ data.')
  const { letter, user } = access
  const letterRef = { id: letter.id, slug: letter.slug, title: letter.title }

  return {
    async find(email: string): Promise<SignerSummary | null> {
      const signature = await findSignatureByEmail(db, letter.id, email)
      return signature ? summarize(await readStoredSignerData(db, signature)) : null
    },

    /** The export, with an audit event saying who handed it out (and nothing of what it holds). */
    async exportData(email: string, now = new Date()): Promise<SignerDataDocument | null> {
      return db.transaction().execute(async (trx) => {
        const signature = await findSignatureByEmail(trx, letter.id, email)
        if (!signature) return null
        const data = await readStoredSignerData(trx, signature)
        await recordAuditEvent(
          trx,
          {
            actor: { type: 'user', user },
            action: 'signature.exported',
            letterId: letter.id,
            signatureId: signature.id,
            after: { format: EXPORT_FORMAT },
          },
          now,
        )
        return signerDataDocument(data, { letter: letterRef, exportedBy: user.display_name, now })
      })
    },

    async erase(email: string, now = new Date()): Promise<ErasureOutcome> {
      return db.transaction().execute(async (trx) => {
        const signature = await findSignatureByEmail(trx, letter.id, email)
        if (!signature) return { kind: 'not-found' as const }
        const erased = await eraseSignerData(trx, letter.id, [signature.id], now)
        if (erased.signatures === 0) {
          return { kind: 'already-erased' as const, signatureId: signature.id, name: signature.name }
        }
        // What was erased, never the erased values themselves.
        await recordAuditEvent(
          trx,
          {
            actor: { type: 'user', user },
            action: 'signature.erased',
            letterId: letter.id,
            signatureId: signature.id,
            after: {
              erased: 'email address, network address, comment, links, copies of emails',
              emails: erased.emails,
              links: erased.links,
            },
          },
          now,
        )
        return {
          kind: 'erased' as const,
          signatureId: signature.id,
          name: signature.name,
          emails: erased.emails,
          links: erased.links,
        }
      })
    },

    async retention(now = new Date()): Promise<RetentionView> {
      const closedAt = effectiveLetterStatus(letter, now) === 'closed' ? effectiveClosedAt(letter, now) : null
      const days = letter.retention_days
      return {
        days,
        closedAt,
        eraseFrom:
          days !== null && closedAt ? new Date(Date.parse(closedAt) + days * DAY_MS).toISOString() : null,
        unerased: await countUnerasedSignatures(db, letter.id),
      }
    },

    /** Returns false when the setting was already that. */
    async setRetention(days: number | null, now = new Date()): Promise<boolean> {
      if (days === letter.retention_days) return false
      await db.transaction().execute(async (trx) => {
        await updateRetentionDays(trx, letter.id, days, now)
        await recordAuditEvent(
          trx,
          {
            actor: { type: 'user', user },
            action: 'letter.retention-changed',
            letterId: letter.id,
            before: { retentionDays: letter.retention_days },
            after: { retentionDays: days },
          },
          now,
        )
      })
      return true
    },
  }
}

export type SignerDataService = ReturnType<typeof signerDataFor>
