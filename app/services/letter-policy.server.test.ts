import { describe, expect, test } from 'vitest'
import { insertEmployerDomain } from '~/models/employer-domain.server'
import { getLetterById, letterPolicy } from '~/models/letter.server'
import { requireLetterAccess } from '~/services/letter-access.server'
import type { LicenceRegistry } from '~/services/registries/registry'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { getPolicyPage, saveLetterPolicy } from './letter-policy.server'

const npi: LicenceRegistry = {
  id: 'npi',
  label: 'US NPI Registry',
  validateNumber: (number) => ({ ok: true, normalized: number }),
  lookup: async () => ({ kind: 'not-found' }),
}

const policyInput = (overrides: Partial<Parameters<typeof saveLetterPolicy>[2]> = {}) => ({
  allowedProfessions: ['Attorney', 'Public defender'],
  listingRequires: 'profession' as const,
  autoApproveVerified: true,
  licenceRegistries: [] as string[],
  ...overrides,
})

async function organizerAccess(traits: Parameters<typeof createTestLetter>[1] = {}) {
  const letter = await createTestLetter(getDb(), traits)
  const user = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, user, access: await requireLetterAccess(getDb(), user, letter.id, 'edit') }
}

async function auditEvents(letterId: number) {
  return getDb()
    .selectFrom('audit_events')
    .select(['action', 'actor_user_id', 'before', 'after'])
    .where('letter_id', '=', letterId)
    .where('action', '=', 'letter.policy-changed')
    .execute()
}

const storedPolicy = async (letterId: number) => letterPolicy((await getLetterById(getDb(), letterId))!)

describe('saveLetterPolicy', () => {
  test('writes the policy and audits it with before and after', async () => {
    const { letter, user, access } = await organizerAccess()
    const outcome = await saveLetterPolicy(getDb(), access, policyInput({ licenceRegistries: ['npi'] }), [
      npi,
    ])
    expect(outcome.kind).toBe('saved')
    const after = {
      allowedProfessions: ['Attorney', 'Public defender'],
      listingRequires: 'profession',
      autoApproveVerified: true,
      licenceRegistries: ['npi'],
    }
    expect(await storedPolicy(letter.id)).toEqual(after)
    const events = await auditEvents(letter.id)
    expect(events).toHaveLength(1)
    expect(events[0]!.actor_user_id).toBe(user.id)
    expect(JSON.parse(events[0]!.before!)).toEqual({
      allowedProfessions: [],
      listingRequires: 'email',
      autoApproveVerified: false,
      licenceRegistries: [],
    })
    expect(JSON.parse(events[0]!.after!)).toEqual(after)
  })

  test('the same policy again saves and audits nothing', async () => {
    const { letter, access } = await organizerAccess()
    await saveLetterPolicy(getDb(), access, policyInput(), [npi])
    const fresh = await requireLetterAccess(getDb(), access.user, letter.id, 'edit')
    expect((await saveLetterPolicy(getDb(), fresh, policyInput(), [npi])).kind).toBe('unchanged')
    expect(await auditEvents(letter.id)).toHaveLength(1)
  })

  test('a registry this install does not consult is refused and nothing is saved', async () => {
    const { letter, access } = await organizerAccess()
    const outcome = await saveLetterPolicy(
      getDb(),
      access,
      policyInput({ licenceRegistries: ['npi', 'bar'] }),
      [npi],
    )
    expect(outcome).toEqual({ kind: 'unknown-registries', ids: ['bar'] })
    // With no registry configured, even NPI is unknown.
    expect(await saveLetterPolicy(getDb(), access, policyInput({ licenceRegistries: ['npi'] }), [])).toEqual({
      kind: 'unknown-registries',
      ids: ['npi'],
    })
    expect((await storedPolicy(letter.id)).allowedProfessions).toEqual([])
    expect(await auditEvents(letter.id)).toEqual([])
  })

  test('a registry the letter names but no longer configured may stay, or be taken off', async () => {
    const { letter, access } = await organizerAccess({ policy: { licenceRegistries: ['npi'] } })
    const kept = await saveLetterPolicy(getDb(), access, policyInput({ licenceRegistries: ['npi'] }), [])
    expect(kept.kind).toBe('saved')
    expect((await storedPolicy(letter.id)).licenceRegistries).toEqual(['npi'])
    const removed = await saveLetterPolicy(getDb(), access, policyInput({ licenceRegistries: [] }), [])
    expect(removed.kind).toBe('saved')
    expect((await storedPolicy(letter.id)).licenceRegistries).toEqual([])
  })

  test('a moderator is refused with 403 and nothing changes', async () => {
    const letter = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const access = await requireLetterAccess(getDb(), moderator, letter.id, 'view')
    const refused = await saveLetterPolicy(getDb(), access, policyInput(), [npi]).catch((error) => error)
    expect(refused).toBeInstanceOf(Response)
    expect((refused as Response).status).toBe(403)
    await expect(getPolicyPage(getDb(), access, [npi])).rejects.toMatchObject({ status: 403 })
    expect((await storedPolicy(letter.id)).listingRequires).toBe('email')
  })
})

describe('getPolicyPage', () => {
  test('shows how many approved signatures each listing requirement makes public', async () => {
    const { letter, access } = await organizerAccess({ policy: { listingRequires: 'profession' } })
    await createTestSignature(getDb(), letter, { status: 'approved' })
    await createTestSignature(getDb(), letter, { status: 'approved', listing: 'counted' })
    await createTestSignature(getDb(), letter, { status: 'approved', verifiedAs: 'moderator' })
    await createTestSignature(getDb(), letter, { status: 'confirmed', verifiedAs: 'domain' })
    await createTestSignature(getDb(), letter, { status: 'unconfirmed' })
    const page = await getPolicyPage(getDb(), access, [])
    expect(page.effect).toEqual({ approved: 3, publicUnder: { email: 3, profession: 1 } })
    expect(page.policy.listingRequires).toBe('profession')
    expect(page.registries).toEqual([])
  })

  test('lists the configured registries and any the letter names that are not configured', async () => {
    const { access } = await organizerAccess({ policy: { licenceRegistries: ['state-bar'] } })
    expect((await getPolicyPage(getDb(), access, [npi])).registries).toEqual([
      { id: 'npi', label: 'US NPI Registry', configured: true },
      { id: 'state-bar', label: 'state-bar', configured: false },
    ])
  })

  test('names the employer domains whose profession is not on the list, whatever its case', async () => {
    const { letter, access } = await organizerAccess({
      policy: { allowedProfessions: ['Attorney', 'Public defender'] },
    })
    for (const [domain, profession] of [
      ['pd.example.gov', 'public defender'],
      ['da.example.gov', 'Prosecutor'],
    ] as const) {
      await insertEmployerDomain(getDb(), {
        letterId: letter.id,
        domain,
        includeSubdomains: false,
        organization: `Office at ${domain}`,
        profession,
        createdByUserId: null,
      })
    }
    expect((await getPolicyPage(getDb(), access, [])).unlistedDomains).toEqual([
      { domain: 'da.example.gov', profession: 'Prosecutor' },
    ])
    // Without a list every profession is welcome: nothing to point out.
    const { access: open } = await organizerAccess()
    expect((await getPolicyPage(getDb(), open, [])).unlistedDomains).toEqual([])
  })
})
