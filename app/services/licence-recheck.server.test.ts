import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { SignatureFlagKind } from '#db/schema'
import { getLetterById } from '~/models/letter.server'
import { insertSignatureFlag, resolveFlags } from '~/models/signature-flag.server'
import { getSignatureById, listPublicSignatories } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { fakeNpiRecords, startFakeNpi, type FakeNpi } from '../../tests/fake-npi/server'
import { createTestSignature } from '../../tests/factories'
import {
  auditOf,
  BAR,
  flagsOf,
  importRosterRows,
  letterWithLicenceChecks,
  openFlagKinds,
  signAndConfirm,
  type TestLetter,
} from '../../tests/licence-helpers'
import { requireLetterAccess } from './letter-access.server'
import { lastRecheckSummary, recheckLetterLicences } from './licence-recheck.server'
import { createNpiRegistry } from './registries/npi-registry.server'
import type { LicenceRegistry, RegistryLookup } from './registries/registry'

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
  fake.putRecord(fakeNpiRecords.activePhysician)
  fake.requests.length = 0
})
afterAll(async () => {
  await fake.close()
})

async function recheck(letter: TestLetter, registries: LicenceRegistry[] = [], concurrency?: number) {
  const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
  const access = await requireLetterAccess(getDb(), moderator, letter.id, 'moderate')
  const summary = await recheckLetterLicences(getDb(), access, registries, { concurrency })
  return { summary, moderator }
}

const signatureOf = async (id: number) => (await getSignatureById(getDb(), id))!

const MAYA = { number: '1001', name: 'Maya Okafor' }

describe('recheck against a re-imported roster', () => {
  test('a licence no longer active loses its verification and is flagged; the letter records the run', async () => {
    const { letter, rosterId } = await letterWithLicenceChecks({
      roster: [MAYA],
      moderationRequired: false,
      policy: { listingRequires: 'profession' },
    })
    const { signature } = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    expect(signature.verification_level).toBe('registry')
    expect((await listPublicSignatories(getDb(), letter, { pageSize: 5 })).signatories).toHaveLength(1)

    await importRosterRows(rosterId!, [{ ...MAYA, status: 'suspended' }])
    const { summary, moderator } = await recheck(letter)
    expect(summary).toEqual({
      checked: 1,
      verified: 0,
      flagged: 1,
      downgraded: 1,
      cleared: 0,
      unavailable: 0,
    })

    expect(await signatureOf(signature.id)).toMatchObject({
      status: 'approved',
      verification_level: 'email',
      verification_method: 'licence-recheck',
      verified_by: 'licence check',
    })
    expect(await flagsOf(signature.id)).toEqual([
      {
        kind: 'licence-inactive',
        detail: { roster: BAR, status: 'suspended', verificationWithdrawn: true },
        resolution: null,
      },
    ])
    const [unverified] = await auditOf(signature.id, 'signature.unverified')
    expect(unverified).toMatchObject({ actor_type: 'system', actor_label: 'licence check' })
    expect(JSON.parse(unverified!.before!)).toMatchObject({ level: 'registry', verifiedBy: `${BAR} roster` })
    // A letter that lists only verified professions no longer lists this name (nor counts it).
    expect((await listPublicSignatories(getDb(), letter, { pageSize: 5 })).signatories).toEqual([])

    const after = (await getLetterById(getDb(), letter.id))!
    expect(after.rechecked_at).not.toBeNull()
    expect(lastRecheckSummary(after)).toEqual(summary)
    const events = await getDb()
      .selectFrom('audit_events')
      .select(['actor_user_id', 'after'])
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'letter.rechecked')
      .execute()
    expect(events).toEqual([{ actor_user_id: moderator.id, after: JSON.stringify(summary) }])
  })

  test('a licence gone from the roster, or under another name, is flagged as such', async () => {
    const { letter, rosterId } = await letterWithLicenceChecks({
      roster: [MAYA, { number: '1002', name: 'Ben Ode' }],
    })
    const gone = (await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })).signature
    const renamed = (await signAndConfirm(letter, { name: 'Ben Ode', licenceNumber: '1002' })).signature
    await importRosterRows(rosterId!, [{ number: '1002', name: 'Bernadette Odeh' }])
    const { summary } = await recheck(letter)
    expect(summary).toMatchObject({ checked: 2, flagged: 2, downgraded: 2 })
    expect(await openFlagKinds(gone.id)).toEqual(['licence-not-found'])
    expect(await openFlagKinds(renamed.id)).toEqual(['registry-name-mismatch'])
    expect((await signatureOf(renamed.id)).verification_level).toBe('email')
  })

  test('a licence active again is verified, and its open flag cleared', async () => {
    const { letter, rosterId } = await letterWithLicenceChecks({ roster: [{ ...MAYA, status: 'inactive' }] })
    const { signature } = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    expect(await openFlagKinds(signature.id)).toEqual(['licence-inactive'])

    await importRosterRows(rosterId!, [MAYA])
    const { summary } = await recheck(letter)
    expect(summary).toEqual({
      checked: 1,
      verified: 1,
      flagged: 0,
      downgraded: 0,
      cleared: 1,
      unavailable: 0,
    })
    expect(await signatureOf(signature.id)).toMatchObject({
      verification_level: 'registry',
      verified_by: `${BAR} roster`,
    })
    expect(await flagsOf(signature.id)).toEqual([expect.objectContaining({ resolution: 'cleared' })])
    const resolved = await getDb()
      .selectFrom('signature_flags')
      .select(['resolved_at', 'resolved_by_user_id'])
      .where('signature_id', '=', signature.id)
      .executeTakeFirstOrThrow()
    expect(resolved.resolved_at).not.toBeNull()
    expect(resolved.resolved_by_user_id).toBeNull()
    expect(await auditOf(signature.id, 'signature.flag-cleared')).toHaveLength(1)
    expect(await auditOf(signature.id, 'signature.verified')).toHaveLength(1)
  })

  test('a signature that signed before the roster was imported is verified by the recheck', async () => {
    const { letter, rosterId } = await letterWithLicenceChecks({ roster: [] })
    const { signature } = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    await getDb().deleteFrom('signature_flags').where('signature_id', '=', signature.id).execute()
    await importRosterRows(rosterId!, [MAYA])
    const { summary } = await recheck(letter)
    expect(summary).toMatchObject({ checked: 1, verified: 1, flagged: 0 })
    expect((await signatureOf(signature.id)).verification_level).toBe('registry')
  })

  test('a still-valid verification stays, dated by the recheck, with nothing counted or audited', async () => {
    const { letter } = await letterWithLicenceChecks({ roster: [MAYA] })
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maya Okafor', licenceNumber: '1001' },
      { now: new Date('2026-11-01T10:00:00Z') },
    )
    const { summary } = await recheck(letter)
    expect(summary).toEqual({
      checked: 1,
      verified: 0,
      flagged: 0,
      downgraded: 0,
      cleared: 0,
      unavailable: 0,
    })
    const after = await signatureOf(signature.id)
    expect(after.verification_level).toBe('registry')
    expect(after.verified_at! > signature.verified_at!).toBe(true)
    expect(await auditOf(signature.id, 'signature.verified')).toHaveLength(1)
  })

  test('a moderator’s or an employer domain’s verification is left alone, as at confirmation', async () => {
    const { letter } = await letterWithLicenceChecks({ roster: [MAYA] })
    const byModerator = await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Not In Roster',
      licenceNumber: '999',
      verifiedAs: 'moderator',
    })
    const byDomain = await createTestSignature(getDb(), letter, {
      status: 'confirmed',
      name: 'Someone Else',
      licenceNumber: '1001',
      verifiedAs: 'domain',
    })
    const { summary } = await recheck(letter)
    expect(summary.checked).toBe(0)
    expect((await signatureOf(byModerator.id)).verification_level).toBe('moderator')
    expect((await signatureOf(byDomain.id)).verification_level).toBe('domain')
    expect(await flagsOf(byModerator.id)).toEqual([])
    expect(await flagsOf(byDomain.id)).toEqual([])
  })

  test('withdrawn, rejected and unconfirmed signatures are not rechecked', async () => {
    const { letter } = await letterWithLicenceChecks({ roster: [MAYA] })
    const ids = []
    for (const status of ['withdrawn', 'rejected', 'unconfirmed'] as const) {
      ids.push(
        (await createTestSignature(getDb(), letter, { status, name: 'Maya Okafor', licenceNumber: '1001' }))
          .id,
      )
    }
    const { summary } = await recheck(letter)
    expect(summary.checked).toBe(0)
    for (const id of ids) expect((await signatureOf(id)).verification_level).not.toBe('registry')
  })

  test('a problem a moderator dismissed is not raised again while it lasts', async () => {
    const { letter } = await letterWithLicenceChecks({ roster: [] })
    const { signature } = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    const [flag] = await getDb()
      .selectFrom('signature_flags')
      .select('id')
      .where('signature_id', '=', signature.id)
      .execute()
    await resolveFlags(getDb(), [flag!.id], { resolution: 'dismissed', userId: null })
    const { summary } = await recheck(letter)
    expect(summary).toMatchObject({ checked: 1, flagged: 0, cleared: 0 })
    expect(await openFlagKinds(signature.id)).toEqual([])
  })

  test('only licence flags are cleared: a conflict stays for a moderator', async () => {
    const { letter } = await letterWithLicenceChecks({ roster: [MAYA] })
    const { signature } = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    for (const kind of ['licence-conflict', 'licence-not-found'] satisfies SignatureFlagKind[]) {
      await insertSignatureFlag(getDb(), { signatureId: signature.id, kind, detail: {} })
    }
    const { summary } = await recheck(letter)
    expect(summary.cleared).toBe(1)
    expect(await openFlagKinds(signature.id)).toEqual(['licence-conflict'])
  })
})

describe('recheck against an HTTP registry', () => {
  const ACTIVE = fakeNpiRecords.activePhysician

  const npiLetter = () =>
    letterWithLicenceChecks({ moderationRequired: false, policy: { licenceRegistries: ['npi'] } })

  test('a record that changes status between calls: downgraded, then verified again and cleared', async () => {
    const { letter } = await npiLetter()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE.number },
      { registries: [npi] },
    )
    expect(signature).toMatchObject({ verification_level: 'registry', verified_by: 'US NPI Registry' })

    fake.putRecord({ ...ACTIVE, basic: { ...ACTIVE.basic, status: 'D' } })
    const first = await recheck(letter, [npi])
    expect(first.summary).toMatchObject({ checked: 1, flagged: 1, downgraded: 1 })
    expect((await signatureOf(signature.id)).verification_level).toBe('email')
    expect(await flagsOf(signature.id)).toEqual([
      {
        kind: 'licence-inactive',
        detail: { registry: 'US NPI Registry', verificationWithdrawn: true },
        resolution: null,
      },
    ])

    fake.putRecord(ACTIVE)
    const second = await recheck(letter, [npi])
    expect(second.summary).toMatchObject({ checked: 1, verified: 1, cleared: 1, flagged: 0 })
    expect(await signatureOf(signature.id)).toMatchObject({
      verification_level: 'registry',
      verification_method: 'licence-registry',
    })
  })

  test('a record gone from the registry is flagged and downgraded', async () => {
    const { letter } = await npiLetter()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE.number },
      { registries: [npi] },
    )
    fake.removeRecord(ACTIVE.number)
    const { summary } = await recheck(letter, [npi])
    expect(summary).toMatchObject({ downgraded: 1, flagged: 1 })
    expect(await openFlagKinds(signature.id)).toEqual(['licence-not-found'])
  })

  test('an unavailable registry takes nothing away and clears nothing', async () => {
    const { letter } = await npiLetter()
    const verified = (
      await signAndConfirm(
        letter,
        { name: 'Maria Garcia', licenceNumber: ACTIVE.number },
        { registries: [npi] },
      )
    ).signature
    const doubted = (
      await signAndConfirm(
        letter,
        { name: 'John Smith', licenceNumber: fakeNpiRecords.inactivePhysician.number },
        { registries: [npi] },
      )
    ).signature
    expect(await openFlagKinds(doubted.id)).toEqual(['licence-inactive'])

    fake.setFailure(503)
    const { summary } = await recheck(letter, [npi])
    expect(summary).toEqual({
      checked: 2,
      verified: 0,
      flagged: 1,
      downgraded: 0,
      cleared: 0,
      unavailable: 2,
    })
    expect((await signatureOf(verified.id)).verification_level).toBe('registry')
    expect(await openFlagKinds(verified.id)).toEqual([])
    // The doubted signature keeps its flag, and a moderator learns the registry could not answer.
    expect(await openFlagKinds(doubted.id)).toEqual(['licence-inactive', 'registry-unavailable'])
  })

  test('unavailable at confirmation, answered on recheck: verified and the flag cleared', async () => {
    const { letter } = await npiLetter()
    fake.setFailure(500)
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE.number },
      { registries: [npi] },
    )
    expect(await openFlagKinds(signature.id)).toEqual(['registry-unavailable'])
    fake.setFailure(null)
    const { summary } = await recheck(letter, [npi])
    expect(summary).toMatchObject({ verified: 1, cleared: 1, unavailable: 0 })
    expect(await openFlagKinds(signature.id)).toEqual([])
  })

  test('a roster problem does not take away a registry’s verification', async () => {
    const { letter } = await letterWithLicenceChecks({ roster: [], policy: { licenceRegistries: ['npi'] } })
    await getDb()
      .updateTable('licence_rosters')
      .set({ number_pattern: '^\\d+$' })
      .where('letter_id', '=', letter.id)
      .execute()
    const { signature } = await signAndConfirm(
      letter,
      { name: 'Maria Garcia', licenceNumber: ACTIVE.number },
      { registries: [npi] },
    )
    expect(signature.verified_by).toBe('US NPI Registry')
    // The NPI registry is no longer consulted; the roster, which never knew the number, remains.
    await getDb()
      .updateTable('letters')
      .set({ licence_registries: '[]' })
      .where('id', '=', letter.id)
      .execute()
    const { summary } = await recheck(letter, [npi])
    expect(summary).toMatchObject({ checked: 1, downgraded: 0 })
    expect((await signatureOf(signature.id)).verification_level).toBe('registry')
  })

  test('lookups run outside transactions, at most the given number at once', async () => {
    const { letter } = await npiLetter()
    for (let index = 0; index < 9; index++) {
      await createTestSignature(getDb(), letter, {
        status: 'approved',
        name: 'Maria Garcia',
        licenceNumber: ACTIVE.number,
      })
    }
    let inFlight = 0
    let most = 0
    const watched: LicenceRegistry = {
      ...npi,
      async lookup(number): Promise<RegistryLookup> {
        inFlight++
        most = Math.max(most, inFlight)
        // A write from inside the lookup: were a transaction open on the connection, it would wait
        // for the lookup, which waits for it.
        await Promise.race([
          getDb()
            .transaction()
            .execute((trx) =>
              trx
                .updateTable('letters')
                .set({ updated_at: new Date().toISOString() })
                .where('id', '=', letter.id)
                .execute(),
            ),
          new Promise((_, reject) => setTimeout(() => reject(new Error('a transaction was open')), 3000)),
        ])
        await new Promise((resolve) => setTimeout(resolve, 20))
        inFlight--
        return npi.lookup(number)
      },
    }
    const { summary } = await recheck(letter, [watched], 3)
    expect(most).toBe(3)
    expect(summary).toMatchObject({ checked: 9, verified: 9 })
  })
})
