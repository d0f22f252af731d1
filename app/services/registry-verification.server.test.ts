import { describe, expect, test } from 'vitest'
import { insertEmployerDomain } from '~/models/employer-domain.server'
import { getLetterBySlug } from '~/models/letter.server'
import { insertLicenceRoster, replaceLicenceRosterEntries } from '~/models/licence-roster.server'
import { listQueue } from '~/models/moderation-queue.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { changeSignatureStatus, getSignatureById, listPublicSignatories } from '~/models/signature.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { getDb } from '~/utils/db.server'
import { describeFlag } from '~/utils/flags'
import { describeVerification } from '~/utils/verification'
import { createTestLetter, uniqueEmail, validSignatureForm } from '../../tests/factories'
import { confirmSignatureByToken, signLetter } from './signing.server'

const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48 }
type TestLetter = NonNullable<Awaited<ReturnType<typeof getLetterBySlug>>>

const BAR = 'State Bar of California'

/** A letter with a California bar roster (numbers of 1 to 6 digits). */
async function letterWithRoster(
  entries: Array<{ number: string; name: string; status?: string }>,
  options: { moderationRequired?: boolean; domain?: string } = {},
) {
  const db = getDb()
  const created = await createTestLetter(db, { moderationRequired: options.moderationRequired ?? true })
  const roster = (await insertLicenceRoster(db, {
    letterId: created.id,
    name: BAR,
    jurisdiction: 'CA',
    numberPattern: '^\\d{1,6}$',
  }))!
  await replaceLicenceRosterEntries(
    db,
    roster.id,
    entries.map((entry) => ({
      licence_number: entry.number,
      full_name: entry.name,
      status: entry.status ?? 'active',
      jurisdiction: 'CA',
      admitted_on: null,
    })),
    null,
  )
  if (options.domain) {
    await insertEmployerDomain(db, {
      letterId: created.id,
      domain: options.domain,
      includeSubdomains: false,
      organization: 'County Public Defender',
      profession: 'Public defender',
      createdByUserId: null,
    })
  }
  return (await getLetterBySlug(db, created.slug))!
}

async function signAndConfirm(
  letter: TestLetter,
  name: string,
  licenceNumber: string,
  email = uniqueEmail(),
) {
  const input = signLetterSchema.parse(validSignatureForm({ name, licenceNumber, email }))
  const { signatureId } = await signLetter(getDb(), letter, input, context)
  const emails = await listOutboxEmailsTo(getDb(), email.toLowerCase())
  const { confirmUrl } = JSON.parse(emails.at(-1)!.secret_payload!) as { confirmUrl: string }
  const result = await confirmSignatureByToken(getDb(), confirmUrl.split('/confirm/')[1]!, context)
  expect(result.kind).toBe('confirmed')
  return (await getSignatureById(getDb(), signatureId))!
}

async function flagsOf(signatureId: number) {
  const rows = await getDb()
    .selectFrom('signature_flags')
    .select(['kind', 'detail'])
    .where('signature_id', '=', signatureId)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ kind: row.kind, detail: row.detail ? JSON.parse(row.detail) : null }))
}

describe('registry verification at confirmation', () => {
  test('an active entry whose name agrees verifies at level registry, with public wording', async () => {
    const letter = await letterWithRoster([{ number: '123456', name: 'Maya Okafor' }], {
      moderationRequired: false,
    })
    const signature = await signAndConfirm(letter, 'maya okafor', ' 123-456 ')
    expect(signature).toMatchObject({
      verification_level: 'registry',
      verification_method: 'licence-roster',
      verification_evidence: `${BAR} 123456`,
      verified_by: `${BAR} roster`,
    })
    expect(signature.verified_at).toBe(signature.confirmed_at)
    expect(await flagsOf(signature.id)).toEqual([])
    const audit = await getDb()
      .selectFrom('audit_events')
      .select(['actor_label'])
      .where('signature_id', '=', signature.id)
      .where('action', '=', 'signature.verified')
      .execute()
    expect(audit).toEqual([{ actor_label: `${BAR} roster` }])

    // The public sees the roster's name and the date, never the evidence.
    const page = await listPublicSignatories(getDb(), letter, { pageSize: 10 })
    const listed = page.signatories[0]!
    expect(listed.verifier_label).toBe(`${BAR} roster`)
    expect(JSON.stringify(page)).not.toContain('123456')
    expect(
      describeVerification(
        listed.verification_level,
        listed.verification_method,
        '2026-11-21T14:05:00.000Z',
        listed.verifier_label,
      ),
    ).toBe(`${BAR} roster, 2026-11-21`)
  })

  test('a middle initial agrees with the registered middle name', async () => {
    const letter = await letterWithRoster([{ number: '4242', name: 'OKAFOR, Maya Adaeze' }])
    const signature = await signAndConfirm(letter, 'Maya A. Okafor', '4242')
    expect(signature.verification_level).toBe('registry')
  })

  test('a name that disagrees is flagged with both names, and stays at the email level', async () => {
    const letter = await letterWithRoster([{ number: '777', name: 'Maya Okafor' }])
    const signature = await signAndConfirm(letter, 'Mark Okafor', '777')
    expect(signature.verification_level).toBe('email')
    expect(await flagsOf(signature.id)).toEqual([
      {
        kind: 'registry-name-mismatch',
        detail: { claimed: 'Mark Okafor', registered: 'Maya Okafor', roster: BAR },
      },
    ])
  })

  test('an inactive licence is flagged', async () => {
    const letter = await letterWithRoster([{ number: '888', name: 'Maya Okafor', status: 'inactive' }])
    const signature = await signAndConfirm(letter, 'Maya Okafor', '888')
    expect(signature.verification_level).toBe('email')
    expect(await flagsOf(signature.id)).toEqual([
      { kind: 'licence-inactive', detail: { roster: BAR, status: 'inactive' } },
    ])
  })

  test('a number that fits a roster but is not in it is flagged', async () => {
    const letter = await letterWithRoster([{ number: '1', name: 'Maya Okafor' }])
    const signature = await signAndConfirm(letter, 'Maya Okafor', '999999')
    expect(signature.verification_level).toBe('email')
    expect((await flagsOf(signature.id)).map((flag) => flag.kind)).toEqual(['licence-not-found'])
  })

  test('a number no roster’s pattern matches changes nothing', async () => {
    const letter = await letterWithRoster([{ number: '1', name: 'Maya Okafor' }])
    const signature = await signAndConfirm(letter, 'Maya Okafor', 'NY-1234567')
    expect(signature.verification_level).toBe('email')
    expect(await flagsOf(signature.id)).toEqual([])
  })

  test('a signature verified by its employer domain is not looked up in the rosters', async () => {
    const letter = await letterWithRoster([{ number: '555', name: 'Someone Else' }], {
      domain: 'pd.example.gov',
    })
    const signature = await signAndConfirm(letter, 'Maya Okafor', '555', `maya-${Date.now()}@pd.example.gov`)
    expect(signature.verification_level).toBe('domain')
    expect(await flagsOf(signature.id)).toEqual([])
  })
})

describe('licence conflicts', () => {
  test('a second claim of the same number flags both signatures, once', async () => {
    const letter = await letterWithRoster([{ number: '321', name: 'Maya Okafor' }])
    const first = await signAndConfirm(letter, 'Maya Okafor', '321')
    expect(await flagsOf(first.id)).toEqual([])
    const second = await signAndConfirm(letter, 'Maya Okafor', ' 3-21')
    expect(await flagsOf(first.id)).toEqual([
      { kind: 'licence-conflict', detail: { signatureId: second.id, name: 'Maya Okafor' } },
    ])
    expect(await flagsOf(second.id)).toEqual([
      { kind: 'licence-conflict', detail: { signatureId: first.id, name: 'Maya Okafor' } },
    ])
  })

  test('a withdrawn signature does not conflict', async () => {
    const letter = await letterWithRoster([])
    const first = await signAndConfirm(letter, 'Maya Okafor', 'X-1')
    await getDb()
      .transaction()
      .execute((trx) => changeSignatureStatus(trx, first, 'withdrawn'))
    const second = await signAndConfirm(letter, 'Ben Ode', 'x1')
    expect(await flagsOf(first.id)).toEqual([])
    expect(await flagsOf(second.id)).toEqual([])
  })
})

describe('flags in the moderation queue', () => {
  test('each row carries its flags, in words, with both names for a mismatch', async () => {
    const letter = await letterWithRoster([{ number: '61', name: 'Maya Okafor' }])
    const mismatch = await signAndConfirm(letter, 'Mark Okafor', '61')
    const clean = await signAndConfirm(letter, 'Ben Ode', '')
    const { rows } = await listQueue(getDb(), letter.id, { status: 'confirmed' }, { pageSize: 10 })
    const byId = new Map(rows.map((row) => [row.id, row]))
    expect(byId.get(clean.id)!.flags).toEqual([])
    const flags = byId.get(mismatch.id)!.flags
    expect(flags.map((flag) => flag.kind)).toEqual(['registry-name-mismatch'])
    const words = describeFlag(flags[0]!)
    expect(words).toContain('Mark Okafor')
    expect(words).toContain('Maya Okafor')
    expect(words).toContain(BAR)
  })
})
