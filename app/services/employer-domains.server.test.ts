import { describe, expect, test } from 'vitest'
import { insertEmployerDomain } from '~/models/employer-domain.server'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getSignatureById } from '~/models/signature.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { getDb } from '~/utils/db.server'
import { createTestLetter, validSignatureForm } from '../../tests/factories'
import { confirmSignatureByCode, confirmSignatureByToken, signLetter } from './signing.server'

const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48 }
let counter = 0
const addressAt = (domain: string) => `signer-${Date.now()}-${++counter}@${domain}`

async function letterWithDomains(
  domains: Array<{ domain: string; includeSubdomains?: boolean; organization?: string; profession?: string }>,
) {
  const created = await createTestLetter(getDb())
  for (const entry of domains) {
    await insertEmployerDomain(getDb(), {
      letterId: created.id,
      domain: entry.domain,
      includeSubdomains: entry.includeSubdomains ?? false,
      organization: entry.organization ?? `Office at ${entry.domain}`,
      profession: entry.profession ?? 'Public defender',
      createdByUserId: null,
    })
  }
  return (await getLetterBySlug(getDb(), created.slug))!
}

async function signAndConfirm(
  letter: NonNullable<Awaited<ReturnType<typeof getLetterBySlug>>>,
  email: string,
  by: 'link' | 'code' = 'link',
) {
  const form = validSignatureForm({ organization: 'Whatever I typed', profession: 'Attorney' })
  // The address is set after parsing: the form refuses some look-alikes (Cyrillic letters), and
  // the matcher must refuse them on its own.
  const input = { ...signLetterSchema.parse(form), email }
  const { signatureId } = await signLetter(getDb(), letter, input, context)
  const emails = await listOutboxEmailsTo(getDb(), email.toLowerCase())
  const { confirmUrl, code } = JSON.parse(emails.at(-1)!.secret_payload!) as {
    confirmUrl: string
    code: string
  }
  const result =
    by === 'link'
      ? await confirmSignatureByToken(getDb(), confirmUrl.split('/confirm/')[1]!, context)
      : await confirmSignatureByCode(getDb(), signatureId, code, context)
  expect(result.kind).toBe('confirmed')
  return (await getSignatureById(getDb(), signatureId))!
}

async function verifiedEvents(signatureId: number) {
  return getDb()
    .selectFrom('audit_events')
    .select(['actor_type', 'actor_label', 'before', 'after'])
    .where('signature_id', '=', signatureId)
    .where('action', '=', 'signature.verified')
    .execute()
}

describe('confirming an address at an employer domain', () => {
  test('by link: verifies by domain, fills organization and profession, and audits it', async () => {
    const letter = await letterWithDomains([
      { domain: 'pd.lacounty.gov', organization: 'LA County Public Defender', profession: 'Public defender' },
    ])
    const signature = await signAndConfirm(letter, addressAt('PD.LACounty.gov'))
    expect(signature).toMatchObject({
      status: 'approved',
      verification_level: 'domain',
      verification_method: 'employer-domain',
      verification_evidence: 'pd.lacounty.gov',
      verified_by: 'employer domain list',
      organization: 'LA County Public Defender',
      profession: 'Public defender',
    })
    expect(signature.verified_at).toBe(signature.confirmed_at)
    const events = await verifiedEvents(signature.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actor_type: 'system', actor_label: 'employer domain list' })
    expect(JSON.parse(events[0]!.before!)).toMatchObject({
      level: 'none',
      organization: 'Whatever I typed',
      profession: 'Attorney',
    })
    expect(JSON.parse(events[0]!.after!)).toEqual({
      level: 'domain',
      method: 'employer-domain',
      evidence: 'pd.lacounty.gov',
      organization: 'LA County Public Defender',
      profession: 'Public defender',
    })
  })

  test('by code: verifies by domain too', async () => {
    const letter = await letterWithDomains([{ domain: 'pd.lacounty.gov' }])
    const signature = await signAndConfirm(letter, addressAt('pd.lacounty.gov'), 'code')
    expect(signature).toMatchObject({
      verification_level: 'domain',
      verification_evidence: 'pd.lacounty.gov',
    })
  })

  test('no match keeps the email level and what the signer typed', async () => {
    const letter = await letterWithDomains([{ domain: 'pd.lacounty.gov' }])
    const signature = await signAndConfirm(letter, addressAt('example.org'))
    expect(signature).toMatchObject({
      verification_level: 'email',
      verification_method: 'email-link',
      verification_evidence: null,
      organization: 'Whatever I typed',
      profession: 'Attorney',
    })
    expect(await verifiedEvents(signature.id)).toEqual([])
  })

  test('a subdomain matches only an entry that includes subdomains; the most specific wins', async () => {
    const exactOnly = await letterWithDomains([{ domain: 'pd.lacounty.gov' }])
    expect((await signAndConfirm(exactOnly, addressAt('trial.pd.lacounty.gov'))).verification_level).toBe(
      'email',
    )

    const letter = await letterWithDomains([
      {
        domain: 'lacounty.gov',
        includeSubdomains: true,
        organization: 'LA County',
        profession: 'County lawyer',
      },
      { domain: 'pd.lacounty.gov', includeSubdomains: true, organization: 'LA County PD' },
    ])
    expect(await signAndConfirm(letter, addressAt('trial.pd.lacounty.gov'))).toMatchObject({
      verification_level: 'domain',
      verification_evidence: 'pd.lacounty.gov',
      organization: 'LA County PD',
      profession: 'Public defender',
    })
    expect(await signAndConfirm(letter, addressAt('da.lacounty.gov'))).toMatchObject({
      verification_evidence: 'lacounty.gov',
      organization: 'LA County',
      profession: 'County lawyer',
    })
  })

  test('look-alike domains do not verify', async () => {
    const letter = await letterWithDomains([
      { domain: 'lacounty.gov', includeSubdomains: true },
      { domain: 'pd.example.org' },
    ])
    for (const domain of [
      'lacounty.gov.evil.com',
      'xlacounty.gov',
      'pd-lacounty.gov',
      'lacоunty.gov',
      'evilpd.example.org',
    ]) {
      expect((await signAndConfirm(letter, addressAt(domain))).verification_level, domain).toBe('email')
    }
  })

  test('another letter’s domains do not count', async () => {
    await letterWithDomains([{ domain: 'pd.lacounty.gov' }])
    const letter = await letterWithDomains([])
    expect((await signAndConfirm(letter, addressAt('pd.lacounty.gov'))).verification_level).toBe('email')
  })
})
