import { describe, expect, test, vi } from 'vitest'
import { getLetterById, letterPolicy } from '~/models/letter.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.verification'

// This install consults the NPI Registry (never reached here: saving a policy looks nothing up).
vi.hoisted(() => {
  process.env.NPI_REGISTRY_URL = 'http://127.0.0.1:9/api'
})

const base = 'http://localhost:3000'
const pageUrl = (letterId: number, query = '') => `${base}/admin/letters/${letterId}/verification${query}`

async function open(letterId: number, cookie?: string, query = '') {
  return callRoute(
    loader,
    new Request(pageUrl(letterId, query), { headers: cookie ? { Cookie: cookie } : {} }),
    {
      letterId: String(letterId),
    },
  )
}

async function post(letterId: number, fields: Record<string, string | string[]>, cookie?: string) {
  return callRoute(action, formRequest(pageUrl(letterId), fields, cookie ? { Cookie: cookie } : {}), {
    letterId: String(letterId),
  })
}

const policyForm = (overrides: Record<string, string | string[]> = {}) => ({
  allowedProfessions: 'Attorney\nPublic defender\nLaw professor',
  listingRequires: 'profession',
  autoApproveVerified: 'on',
  licenceRegistries: 'npi',
  ...overrides,
})

async function letterWithOrganizer() {
  const letter = await createTestLetter(getDb(), { moderationRequired: true })
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, organizer, cookie: await signedInCookie(organizer) }
}

const storedPolicy = async (letterId: number) => letterPolicy((await getLetterById(getDb(), letterId))!)
const defaultPolicy = {
  allowedProfessions: [],
  listingRequires: 'email',
  autoApproveVerified: false,
  licenceRegistries: [],
}

async function policyEvents(letterId: number) {
  return getDb()
    .selectFrom('audit_events')
    .select(['actor_user_id', 'before', 'after'])
    .where('letter_id', '=', letterId)
    .where('action', '=', 'letter.policy-changed')
    .execute()
}

describe('the verification policy page', () => {
  test('signed out, the page and its action send you to sign in', async () => {
    const letter = await createTestLetter(getDb())
    const page = await open(letter.id)
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toBe(
      `/admin/sign-in?redirectTo=${encodeURIComponent(`/admin/letters/${letter.id}/verification`)}`,
    )
    expect((await post(letter.id, policyForm())).status).toBe(302)
    expect(await storedPolicy(letter.id)).toEqual(defaultPolicy)
  })

  test('a moderator gets 403, page and action, and nothing changes', async () => {
    const letter = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const cookie = await signedInCookie(moderator)
    expect((await open(letter.id, cookie)).status).toBe(403)
    expect((await post(letter.id, policyForm(), cookie)).status).toBe(403)
    expect(await storedPolicy(letter.id)).toEqual(defaultPolicy)
    expect(await policyEvents(letter.id)).toEqual([])
  })

  test('an organizer sees the policy, the configured registries and what the requirement hides', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    await createTestSignature(getDb(), letter, { status: 'approved' })
    await createTestSignature(getDb(), letter, { status: 'approved', verifiedAs: 'registry' })
    const page = await open(letter.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({
      letterId: letter.id,
      policy: defaultPolicy,
      registries: [{ id: 'npi', label: 'US NPI Registry', configured: true }],
      effect: { approved: 2, publicUnder: { email: 2, profession: 1 } },
      moderationRequired: true,
      notice: null,
    })
  })

  test('saving redirects with a notice, stores the tidied policy and audits it', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    const saved = await post(
      letter.id,
      policyForm({ allowedProfessions: ' Attorney \r\n\r\nPublic   defender\r\n' }),
      cookie,
    )
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe(`/admin/letters/${letter.id}/verification?done=saved`)
    const after = {
      allowedProfessions: ['Attorney', 'Public defender'],
      listingRequires: 'profession',
      autoApproveVerified: true,
      licenceRegistries: ['npi'],
    }
    expect(await storedPolicy(letter.id)).toEqual(after)
    const [event, ...others] = await policyEvents(letter.id)
    expect(others).toEqual([])
    expect(event!.actor_user_id).toBe(organizer.id)
    expect(JSON.parse(event!.before!)).toEqual(defaultPolicy)
    expect(JSON.parse(event!.after!)).toEqual(after)

    const page = await open(letter.id, cookie, '?done=saved')
    expect(page.data.notice).toMatch(/^Saved\./)
    expect(page.data.policy).toEqual(after)

    // Unticked boxes and an emptied list go back to "any profession", email only.
    const cleared = await post(letter.id, { allowedProfessions: '', listingRequires: 'email' }, cookie)
    expect(cleared.headers.get('Location')).toMatch(/\?done=saved$/)
    expect(await storedPolicy(letter.id)).toEqual(defaultPolicy)
    expect(await policyEvents(letter.id)).toHaveLength(2)
  })

  test('saving the same policy again says so and audits nothing', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    await post(letter.id, policyForm(), cookie)
    const again = await post(letter.id, policyForm(), cookie)
    expect(again.headers.get('Location')).toBe(`/admin/letters/${letter.id}/verification?done=unchanged`)
    expect((await open(letter.id, cookie, '?done=unchanged')).data.notice).toBe(
      'Nothing had changed, so nothing was saved.',
    )
    expect(await policyEvents(letter.id)).toHaveLength(1)
  })

  test('bad input comes back with field errors and the input as typed; nothing is saved', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const typed = `Attorney\nLaw professor\nattorney\n${'x'.repeat(81)}`
    const response = await post(
      letter.id,
      policyForm({ allowedProfessions: typed, listingRequires: 'moderator' }),
      cookie,
    )
    expect(response.status).toBe(400)
    const { result } = response.data
    expect(result.error.allowedProfessions).toEqual([
      'Line 3: “attorney” is already on the list (line 1, “Attorney”). List each profession once.',
      'Line 4 is 81 characters long; a profession has at most 80.',
    ])
    expect(result.error.listingRequires).toEqual(['Choose what a signature needs before its name is listed'])
    expect(result.initialValue).toMatchObject({
      allowedProfessions: typed,
      autoApproveVerified: 'on',
      licenceRegistries: 'npi',
    })
    expect(await storedPolicy(letter.id)).toEqual(defaultPolicy)
    expect(await policyEvents(letter.id)).toEqual([])
  })

  test('more than 50 professions are refused', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const list = Array.from({ length: 51 }, (_, index) => `Profession ${index}`).join('\n')
    const response = await post(letter.id, policyForm({ allowedProfessions: list }), cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error.allowedProfessions).toEqual([
      'List at most 50 professions (this list has 51).',
    ])
  })

  test('an unknown registry id is refused on its field, keeping the input; nothing is saved', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await post(letter.id, policyForm({ licenceRegistries: ['npi', 'state-bar'] }), cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error.licenceRegistries).toEqual([
      '“state-bar” is not a licence registry this install can consult. Nothing was saved.',
    ])
    expect(response.data.result.initialValue.allowedProfessions).toBe(
      'Attorney\nPublic defender\nLaw professor',
    )
    expect(await storedPolicy(letter.id)).toEqual(defaultPolicy)
    expect(await policyEvents(letter.id)).toEqual([])
  })

  test('a body that is not a form is a 400, not a 500', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await callRoute(
      action,
      new Request(pageUrl(letter.id), {
        method: 'POST',
        body: 'not a form',
        headers: { 'Content-Type': 'multipart/form-data; boundary=x', Cookie: cookie },
      }),
      { letterId: String(letter.id) },
    )
    expect(response.status).toBe(400)
    expect(await storedPolicy(letter.id)).toEqual(defaultPolicy)
  })
})
