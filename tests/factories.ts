import { randomUUID } from 'node:crypto'
import type { DB } from '#db/database'
import type { LetterStatus, Listing, SignatureStatus } from '#db/schema'
import { createLetter } from '~/models/letter.server'
import { insertSignature } from '~/models/signature.server'

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
  } = {},
) {
  return db.transaction().execute((trx) =>
    createLetter(trx, {
      slug: traits.slug ?? uniqueSlug(),
      title: traits.title ?? 'An open letter on sentencing',
      recipient: 'To: the State Legislature',
      organizersLine: 'Organized by the Test Defenders',
      bodyMarkdown: traits.bodyMarkdown ?? 'We, the undersigned, **ask** you to keep judges free to judge.',
      status: traits.status ?? 'open',
      moderationRequired: traits.moderationRequired ?? false,
    }),
  )
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
  } = {},
  now?: Date,
) {
  return db.transaction().execute((trx) =>
    insertSignature(
      trx,
      {
        letterId: letter.id,
        letterVersionId: letter.version.id,
        name: traits.name ?? 'Maya Okafor',
        email: traits.email ?? uniqueEmail(),
        profession: 'Public defender',
        organization: traits.organization ?? 'County Public Defender',
        location: 'Oakland, CA',
        licenceNumber: null,
        comment: null,
        listing: traits.listing ?? 'listed',
        status: traits.status ?? 'unconfirmed',
      },
      now,
    ),
  )
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
