import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { action, loader } from './api.letters.$slug.signatures'

const base = 'http://localhost:3000'

async function get(path: string, init: RequestInit = {}) {
  const url = new URL(path, base)
  const slug = url.pathname.split('/')[3]!
  const response = await loader({ request: new Request(url, init), params: { slug }, context: {} })
  return response
}

async function getJson(path: string, init: RequestInit = {}) {
  const response = await get(path, init)
  return { response, body: (await response.json()) as any }
}

describe('GET /api/letters/:slug/signatures', () => {
  test('pages through a long list to its end by following `next`, each name once, in signing order', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 2500)
    // Not public: never on any page.
    await insertSignatures(getDb(), letter, 30, (index) => ({
      email: `hidden-${index}@example.org`,
      name: `Hidden ${index}`,
      ...(index % 3 === 0
        ? { status: 'confirmed' as const }
        : index % 3 === 1
          ? { listing: 'counted' as const }
          : { status: 'withdrawn' as const }),
    }))

    const names: string[] = []
    let next: string | null = `/api/letters/${letter.slug}/signatures?limit=500`
    let pages = 0
    while (next) {
      const { response, body } = await getJson(next)
      expect(response.status).toBe(200)
      expect(body.limit).toBe(500)
      expect(body.signatories.length).toBeLessThanOrEqual(500)
      names.push(...body.signatories.map((signatory: { name: string }) => signatory.name))
      next = body.next
      if (next)
        expect(next).toMatch(
          new RegExp(`^${base}/api/letters/${letter.slug}/signatures\\?cursor=\\d+&limit=500$`),
        )
      pages++
      expect(pages).toBeLessThanOrEqual(6)
    }
    expect(pages).toBe(5)
    expect(names).toHaveLength(2500)
    expect(new Set(names).size).toBe(2500)
    expect(names[0]).toBe('Signer 0')
    expect(names[2499]).toBe('Signer 2499')
    expect(names.some((name) => name.startsWith('Hidden'))).toBe(false)
  })

  test('the default page is 100; the last page has no `next`', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 130)
    const first = await getJson(`/api/letters/${letter.slug}/signatures`)
    expect(first.body.signatories).toHaveLength(100)
    expect(first.body.limit).toBe(100)
    const second = await getJson(first.body.next)
    expect(second.body.signatories).toHaveLength(30)
    expect(second.body.next).toBeNull()
  })

  test('a signatory carries their public record and verification, never an email, licence or evidence', async () => {
    const letter = await createTestLetter(getDb())
    const signature = await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Ines Okoro',
      email: 'ines.secret@example.org',
      licenceNumber: 'CA-998877',
      verifiedAs: 'registry',
    })
    const { body } = await getJson(`/api/letters/${letter.slug}/signatures`)
    expect(body.signatories).toEqual([
      {
        id: signature.id,
        name: 'Ines Okoro',
        profession: 'Public defender',
        organization: 'County Public Defender',
        location: 'Oakland, CA',
        versionSigned: 1,
        imported: null,
        verification: {
          level: 'registry',
          professionVerified: true,
          method: 'licence-roster',
          checkedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          verifier: 'Test Bar roster',
          description: expect.stringMatching(/^Test Bar roster, \d{4}-\d{2}-\d{2}$/),
        },
      },
    ])
    const text = JSON.stringify(body)
    expect(text).not.toContain('ines.secret')
    expect(text).not.toContain('CA-998877')
    expect(text).not.toContain('factory')
  })

  test('a moderator’s check shows who checked only as "the organizers"', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved', verifiedAs: 'moderator' })
    const { body } = await getJson(`/api/letters/${letter.slug}/signatures`)
    expect(body.signatories[0].verification).toMatchObject({ level: 'moderator', verifier: null })
    expect(body.signatories[0].verification.description).toMatch(/^Checked by the organizers/)
  })

  test('a letter that requires a verified profession lists only verified signatories', async () => {
    const letter = await createTestLetter(getDb(), { policy: { listingRequires: 'profession' } })
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Email Only' })
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Checked', verifiedAs: 'domain' })
    const { body } = await getJson(`/api/letters/${letter.slug}/signatures`)
    expect(body.signatories.map((signatory: { name: string }) => signatory.name)).toEqual(['Checked'])
  })

  test('filters by profession, ASCII case aside, and keeps the filter in `next`', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 6, (index) => ({
      profession: index % 2 ? 'Paralegal' : 'Public defender',
    }))
    const first = await getJson(`/api/letters/${letter.slug}/signatures?profession=PARALEGAL&limit=2`)
    expect(first.body.signatories.map((signatory: { name: string }) => signatory.name)).toEqual([
      'Signer 1',
      'Signer 3',
    ])
    expect(first.body.next).toContain('profession=PARALEGAL')
    const second = await getJson(first.body.next)
    expect(second.body.signatories.map((signatory: { name: string }) => signatory.name)).toEqual(['Signer 5'])
  })

  test('open to any origin for reads, with cache headers that allow stale copies', async () => {
    const letter = await createTestLetter(getDb())
    const { response } = await getJson(`/api/letters/${letter.slug}/signatures`, {
      headers: { Origin: 'https://news.example' },
    })
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
    const cache = response.headers.get('Cache-Control')!
    expect(cache).toMatch(/\bpublic\b/)
    expect(cache).toMatch(/\bmax-age=\d+/)
    expect(cache).toMatch(/\bstale-while-revalidate=\d+/)
    expect(cache).toMatch(/\bstale-if-error=\d+/)
  })

  test('answers a CORS preflight, and refuses writes with 405 JSON', async () => {
    const letter = await createTestLetter(getDb())
    const preflight = await get(`/api/letters/${letter.slug}/signatures`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://news.example', 'Access-Control-Request-Method': 'GET' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toBe('GET, HEAD, OPTIONS')

    const post = await action()
    expect(post.status).toBe(405)
    expect(post.headers.get('Allow')).toBe('GET, HEAD, OPTIONS')
    expect(await post.json()).toMatchObject({ error: 'method_not_allowed' })
  })

  test('an unchanged page answers 304 to a client that holds its ETag', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 3)
    const path = `/api/letters/${letter.slug}/signatures`
    const first = await get(path)
    const etag = first.headers.get('ETag')!
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/)
    const again = await get(path, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await createTestSignature(getDb(), letter, { status: 'approved' })
    expect((await get(path, { headers: { 'If-None-Match': etag } })).status).toBe(200)
  })

  test.each([
    ['cursor=abc', 'cursor'],
    ['cursor=-5', 'cursor'],
    ['cursor=0', 'cursor'],
    ['cursor=1e3', 'cursor'],
    ['cursor=99999999999999999999', 'cursor'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=2.5', 'limit'],
    [`profession=${'x'.repeat(101)}`, 'profession'],
  ])('?%s is a 400 in JSON that names the parameter, never a 500', async (query, parameter) => {
    const letter = await createTestLetter(getDb())
    const { response, body } = await getJson(`/api/letters/${letter.slug}/signatures?${query}`)
    expect(response.status).toBe(400)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(body.error).toBe('bad_request')
    expect(body.message).toContain(parameter)
  })

  test('a cursor past the end is an empty last page, not an error', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 2)
    const { response, body } = await getJson(`/api/letters/${letter.slug}/signatures?cursor=999999999`)
    expect(response.status).toBe(200)
    expect(body).toMatchObject({ signatories: [], next: null })
  })

  test('unknown, malformed and draft letters are 404 in JSON', async () => {
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    await createTestSignature(getDb(), draft, { status: 'approved' })
    for (const slug of [draft.slug, 'no-such-letter', 'Bad_Slug!']) {
      const { response, body } = await getJson(`/api/letters/${encodeURIComponent(slug)}/signatures`)
      expect(response.status).toBe(404)
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
      expect(body).toEqual({ error: 'not_found', message: 'No published letter at this address.' })
    }
  })
})
