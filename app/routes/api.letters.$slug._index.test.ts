import { describe, expect, test } from 'vitest'
import { sha256Hex } from '~/utils/crypto.server'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { action, loader } from './api.letters.$slug._index'

const base = 'http://localhost:3000'

async function get(slug: string, init: RequestInit = {}) {
  return loader({
    request: new Request(`${base}/api/letters/${slug}`, init),
    params: { slug },
    context: {},
  })
}

describe('GET /api/letters/:slug', () => {
  test('the letter, its current version with hash, Markdown and sanitized HTML, and its public counts', async () => {
    const markdown = 'We **ask**.\n\n<script>alert(1)</script>\n\n[a link](javascript:alert(1))'
    const letter = await createTestLetter(getDb(), { bodyMarkdown: markdown, title: 'Keep judges free' })
    await createTestSignature(getDb(), letter, { status: 'approved', profession: 'Attorney' })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      profession: 'attorney',
      verifiedAs: 'domain',
    })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      profession: 'Paralegal',
      listing: 'counted',
    })
    await createTestSignature(getDb(), letter, { status: 'confirmed', profession: 'Paralegal' })
    await createTestSignature(getDb(), letter, { status: 'rejected' })

    const response = await get(letter.slug)
    expect(response.status).toBe(200)
    const body = (await response.json()) as any
    expect(body).toMatchObject({
      slug: letter.slug,
      title: 'Keep judges free',
      recipient: 'To: the State Legislature',
      organizers: 'Organized by the Test Defenders',
      status: 'open',
      closedAt: null,
      listingRequires: 'email',
      version: { number: 1, sha256: sha256Hex(markdown), markdown },
      counts: {
        total: 3,
        listed: 2,
        counted: 1,
        byProfession: [
          { profession: 'Attorney', count: 2, verified: 1 },
          { profession: 'Paralegal', count: 1, verified: 0 },
        ],
        byLevel: { email: 2, domain: 1 },
      },
      links: {
        self: `${base}/api/letters/${letter.slug}`,
        signatures: `${base}/api/letters/${letter.slug}/signatures`,
        count: `${base}/api/letters/${letter.slug}/count`,
        page: `${base}/letters/${letter.slug}`,
        csv: `${base}/letters/${letter.slug}/signatories.csv`,
        badge: `${base}/letters/${letter.slug}/badge.svg`,
        embed: `${base}/embed/letters/${letter.slug}`,
      },
    })
    expect(body.version.html).toContain('<strong>ask</strong>')
    expect(body.version.html).not.toContain('<script')
    expect(body.version.html).not.toContain('javascript:')
    expect(JSON.stringify(body)).not.toContain('@example.org')
  })

  test('a closed letter is readable and says so', async () => {
    const letter = await createTestLetter(getDb(), { status: 'closed' })
    const body = (await (await get(letter.slug)).json()) as any
    expect(body.status).toBe('closed')
    expect(body.closedAt).toEqual(expect.any(String))
  })

  test('CORS open for reads, cacheable, HEAD without a body', async () => {
    const letter = await createTestLetter(getDb())
    const response = await get(letter.slug, { headers: { Origin: 'https://blog.example' } })
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(response.headers.get('Cache-Control')).toBe(
      'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400',
    )
    const head = await get(letter.slug, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('ETag')).toBe(response.headers.get('ETag'))
    expect(await head.text()).toBe('')
    const preflight = await get(letter.slug, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect((await action()).status).toBe(405)
  })

  test('a draft or unknown letter is a 404 in JSON, with CORS so a browser client can read it', async () => {
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    for (const slug of [draft.slug, 'no-such-letter']) {
      const response = await get(slug)
      expect(response.status).toBe(404)
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
      expect(await response.json()).toEqual({
        error: 'not_found',
        message: 'No published letter at this address.',
      })
    }
  })
})
