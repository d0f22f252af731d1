import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { insertEmployerDomain } from '~/models/employer-domain.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { listPublicSignatories } from '~/models/signature.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { getDb } from '~/utils/db.server'
import { describeFlag } from '~/utils/flags'
import { describeVerification } from '~/utils/verification'
import { fakeNpiRecords, startFakeNpi, type FakeNpi } from '../../tests/fake-npi/server'
import {
  APP_URL,
  auditOf,
  BAR,
  flagsOf,
  letterWithLicenceChecks,
  signAndConfirm,
} from '../../tests/licence-helpers'
import { uniqueEmail, validSignatureForm } from '../../tests/factories'
import { createNpiRegistry } from './registries/npi-registry.server'
import type { LicenceRegistry, RegistryLookup } from './registries/registry'
import { judgeRegistryAnswers, lookUpLicence } from './registry-verification.server'
import { confirmSignatureByCode, signLetter } from './signing.server'

// The HTTP registries (NPI) at email confirmation, against a local fake of the NPPES API.

let fake: FakeNpi
let npi: LicenceRegistry

beforeAll(async () => {
  fake = await startFakeNpi()
  // Generous: a busy machine must not turn a slow answer into "unavailable".
  npi = createNpiRegistry({ baseUrl: fake.url, timeoutMs: 3000 })
})
afterEach(() => {
  fake.setFailure(null)
  fake.setDelay(0)
  fake.setMalformed(false)
  fake.requests.length = 0
})
afterAll(async () => {
  await fake.close()
})

const withNpi = (options: Parameters<typeof letterWithLicenceChecks>[0] = {}) =>
  letterWithLicenceChecks({ ...options, policy: { licenceRegistries: ['npi'], ...options.policy } })

const ACTIVE = fakeNpiRecords.activePhysician.number
const INACTIVE = fakeNpiRecords.inactivePhysician.number
const UNKNOWN = '1497758544'

describe('an HTTP registry at confirmation', () => {
  test('an active record whose name agrees verifies at level registry, worded with the registry’s label', async () => {
    const { letter } = await withNpi({ moderationRequired: false })
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: '123-456-7893' },
      { registries: [npi] },
    )
    expect(signature).toMatchObject({
      verification_level: 'registry',
      verification_method: 'licence-registry',
      verification_evidence: `US NPI Registry ${ACTIVE} (M.D.)`,
      verified_by: 'US NPI Registry',
    })
    expect(await flagsOf(signature.id)).toEqual([])
    expect(await auditOf(signature.id, 'signature.verified')).toEqual([
      expect.objectContaining({ actor_type: 'system', actor_label: 'US NPI Registry' }),
    ])
    expect(fake.requests).toHaveLength(1)

    // The public sees the registry's label and the date, never the number.
    const page = await listPublicSignatories(getDb(), letter, { pageSize: 10 })
    const listed = page.signatories[0]!
    expect(listed.verifier_label).toBe('US NPI Registry')
    expect(JSON.stringify(page)).not.toContain(ACTIVE)
    expect(
      describeVerification(
        listed.verification_level,
        listed.verification_method,
        '2026-11-21T14:05:00.000Z',
        listed.verifier_label,
      ),
    ).toBe('US NPI Registry, 2026-11-21')
  })

  test('the 6-digit code consults the registry too', async () => {
    const { letter } = await withNpi()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'María Elena García', licenceNumber: ACTIVE },
      { registries: [npi], by: 'code' },
    )
    expect(signature.verification_level).toBe('registry')
    expect(fake.requests).toHaveLength(1)
  })

  test('a name that disagrees is flagged with both names and the registry', async () => {
    const { letter } = await withNpi()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Mario Rossi', licenceNumber: ACTIVE },
      { registries: [npi] },
    )
    expect(signature.verification_level).toBe('email')
    const flags = await flagsOf(signature.id)
    expect(flags).toEqual([
      {
        kind: 'registry-name-mismatch',
        detail: { claimed: 'Mario Rossi', registered: 'MARÍA ELENA GARCÍA', registry: 'US NPI Registry' },
        resolution: null,
      },
    ])
    expect(describeFlag({ id: 1, kind: flags[0]!.kind, detail: flags[0]!.detail })).toBe(
      'Name differs from the US NPI Registry: signed “Mario Rossi”, registered “MARÍA ELENA GARCÍA”',
    )
  })

  test('an inactive record is flagged', async () => {
    const { letter } = await withNpi()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'John Smith', licenceNumber: INACTIVE },
      { registries: [npi] },
    )
    expect(signature.verification_level).toBe('email')
    expect((await flagsOf(signature.id)).map((flag) => [flag.kind, flag.detail])).toEqual([
      ['licence-inactive', { registry: 'US NPI Registry' }],
    ])
  })

  test('a valid number the registry does not know is flagged', async () => {
    const { letter } = await withNpi()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'John Smith', licenceNumber: UNKNOWN },
      { registries: [npi] },
    )
    expect((await flagsOf(signature.id)).map((flag) => [flag.kind, flag.detail])).toEqual([
      ['licence-not-found', { number: UNKNOWN, registry: 'US NPI Registry' }],
    ])
  })

  test('a registry that answers 500 never blocks the confirmation: it is flagged', async () => {
    const { letter } = await withNpi()
    fake.setFailure(500)
    const { signature, result } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE },
      { registries: [npi] },
    )
    expect(result).toMatchObject({ kind: 'confirmed', status: 'confirmed' })
    expect(signature).toMatchObject({ status: 'confirmed', verification_level: 'email' })
    const flags = await flagsOf(signature.id)
    expect(flags.map((flag) => [flag.kind, flag.detail])).toEqual([
      ['registry-unavailable', { registry: 'US NPI Registry', reason: 'NPI registry answered 500' }],
    ])
    expect(describeFlag({ id: 1, kind: flags[0]!.kind, detail: flags[0]!.detail })).toContain(
      'US NPI Registry could not be reached',
    )
    expect(await auditOf(signature.id, 'signature.flagged')).toHaveLength(1)
  })

  test('a registry slower than its timeout is unavailable, and the confirmation waits no longer', async () => {
    const { letter } = await withNpi({ moderationRequired: false })
    fake.setDelay(5000)
    const impatient = createNpiRegistry({ baseUrl: fake.url, timeoutMs: 300 })
    const started = Date.now()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE },
      { registries: [impatient] },
    )
    expect(Date.now() - started).toBeLessThan(3000)
    expect(signature.status).toBe('approved')
    expect((await flagsOf(signature.id)).map((flag) => flag.kind)).toEqual(['registry-unavailable'])
  })

  test('the lookup happens outside the write transaction: other writes go on while it waits', async () => {
    const { letter } = await withNpi()
    fake.setDelay(1500)
    let confirmed = false
    const confirming = signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE },
      { registries: [npi] },
    ).then((outcome) => {
      confirmed = true
      return outcome
    })
    // Wait until the registry has the request, then write: were the lookup inside the
    // confirmation's transaction, this write would wait for the registry and the confirmation.
    await expect.poll(() => fake.requests.length, { timeout: 3000 }).toBe(1)
    await getDb()
      .transaction()
      .execute((trx) =>
        trx
          .updateTable('letters')
          .set({ updated_at: new Date().toISOString() })
          .where('id', '=', letter.id)
          .execute(),
      )
    expect(confirmed).toBe(false)
    const { signature } = await confirming
    expect(signature.verification_level).toBe('registry')
  })

  test('a letter that does not consult the registry never asks it', async () => {
    const { letter } = await letterWithLicenceChecks()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE },
      { registries: [npi] },
    )
    expect(signature.verification_level).toBe('email')
    expect(fake.requests).toEqual([])
    expect(await flagsOf(signature.id)).toEqual([])
  })

  test('a letter that lists a registry this install has not configured goes on without it', async () => {
    const { letter } = await withNpi()
    const { signature } = await signAndConfirm(letter, { name: 'Maria Garcia', licenceNumber: ACTIVE })
    expect(signature.verification_level).toBe('email')
    expect(await flagsOf(signature.id)).toEqual([])
  })

  test('a number that is not an NPI number (bad check digit) is not looked up or flagged', async () => {
    const { letter } = await withNpi()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: '1234567890' },
      { registries: [npi] },
    )
    expect(fake.requests).toEqual([])
    expect(await flagsOf(signature.id)).toEqual([])
  })

  test('a roster that verifies comes first: the registry’s doubt is not flagged', async () => {
    const { letter } = await letterWithLicenceChecks({
      roster: [{ number: '4242', name: 'Maria Garcia' }],
      policy: { licenceRegistries: ['npi'] },
    })
    // An NPI-shaped roster would be unusual; a roster that accepts anything shows the order.
    await getDb()
      .updateTable('licence_rosters')
      .set({ number_pattern: '^\\d+$' })
      .where('letter_id', '=', letter.id)
      .execute()
    await getDb()
      .updateTable('licence_roster_entries')
      .set({ licence_number: INACTIVE })
      .where('licence_number', '=', '4242')
      .execute()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: INACTIVE },
      { registries: [npi] },
    )
    expect(signature).toMatchObject({ verification_level: 'registry', verified_by: `${BAR} roster` })
    expect(await flagsOf(signature.id)).toEqual([])
  })

  test('a signature verified by its employer domain is not held to the registry', async () => {
    const { letter } = await withNpi()
    await insertEmployerDomain(getDb(), {
      letterId: letter.id,
      domain: 'hospital.example.org',
      includeSubdomains: false,
      organization: 'County General',
      profession: 'Physician',
      createdByUserId: null,
    })
    fake.setFailure(500)
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Someone Else', licenceNumber: ACTIVE, email: `x-${Date.now()}@hospital.example.org` },
      { registries: [npi] },
    )
    expect(signature.verification_level).toBe('domain')
    expect(await flagsOf(signature.id)).toEqual([])
  })

  test('a wrong code never reaches the registry', async () => {
    const { letter } = await withNpi()
    const email = uniqueEmail()
    const input = signLetterSchema.parse(
      validSignatureForm({ name: 'Maria Garcia', licenceNumber: ACTIVE, email }),
    )
    const { signatureId } = await signLetter(getDb(), letter, input, {
      appUrl: APP_URL,
      confirmationTtlHours: 48,
    })
    const [message] = await listOutboxEmailsTo(getDb(), email)
    const { code } = JSON.parse(message!.secret_payload!) as { code: string }
    const outcome = await confirmSignatureByCode(
      getDb(),
      signatureId,
      code === '000000' ? '111111' : '000000',
      {
        appUrl: APP_URL,
        registries: [npi],
      },
    )
    expect(outcome.kind).toBe('wrong-code')
    expect(fake.requests).toEqual([])
  })
})

test('flags read well for moderators, whichever source raised them', () => {
  expect(describeFlag({ id: 1, kind: 'licence-inactive', detail: { registry: 'US NPI Registry' } })).toBe(
    'Licence not active in the US NPI Registry',
  )
  expect(
    describeFlag({
      id: 1,
      kind: 'licence-inactive',
      detail: { roster: 'State Bar of California', status: 'suspended', verificationWithdrawn: true },
    }),
  ).toBe(
    'Licence not active in the State Bar of California roster (suspended); its verification was withdrawn on recheck',
  )
  expect(
    describeFlag({ id: 1, kind: 'licence-not-found', detail: { number: '1', registry: 'US NPI Registry' } }),
  ).toBe('Licence number not found in the US NPI Registry')
})

describe('registry answers', () => {
  const found: RegistryLookup = { kind: 'found', number: ACTIVE, fullName: 'MARÍA GARCÍA', active: true }

  test('apply only to the number that was looked up', () => {
    const answers = {
      licenceNumber: ACTIVE,
      answers: [{ registry: { id: 'npi', label: 'US NPI Registry' }, lookup: found }],
    }
    expect(
      judgeRegistryAnswers({ name: 'Maria Garcia', licence_number: '123 456 7893' }, answers),
    ).toMatchObject({
      kind: 'verified',
    })
    expect(judgeRegistryAnswers({ name: 'Maria Garcia', licence_number: '1245319599' }, answers)).toBeNull()
    expect(judgeRegistryAnswers({ name: 'Maria Garcia', licence_number: null }, answers)).toBeNull()
  })

  test('a registry that throws, against its promise, is only unavailable', async () => {
    const throwing: LicenceRegistry = {
      id: 'npi',
      label: 'US NPI Registry',
      validateNumber: npi.validateNumber,
      lookup: () => Promise.reject(new Error('boom')),
    }
    const answers = await lookUpLicence({ ...(await withNpi()).letter }, ACTIVE, [throwing])
    expect(answers?.answers).toEqual([
      {
        registry: { id: 'npi', label: 'US NPI Registry' },
        lookup: { kind: 'unavailable', reason: 'US NPI Registry failed: Error: boom' },
      },
    ])
  })
})
