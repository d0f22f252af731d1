import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './api.letters.$slug.count'
import { headers as homeHeaders } from './_index'
import { headers as letterHeaders } from './letters.$slug'

const countOf = (slug: string) =>
  callRoute(loader, new Request(`http://localhost:3000/api/letters/${slug}/count`), { slug })

describe('the count endpoint', () => {
  test('counts approved signatures, listed and counted-only, and nothing awaiting or refused', async () => {
    const db = getDb()
    const letter = await createTestLetter(db)
    await createTestSignature(db, letter, { status: 'approved' })
    await createTestSignature(db, letter, { status: 'approved' })
    await createTestSignature(db, letter, { status: 'approved', listing: 'counted' })
    for (const status of ['unconfirmed', 'confirmed', 'rejected', 'withdrawn'] as const) {
      await createTestSignature(db, letter, { status })
    }
    const other = await createTestLetter(db)
    await createTestSignature(db, other, { status: 'approved' })

    const response = await countOf(letter.slug)
    expect(response.status).toBe(200)
    expect(JSON.parse(response.data)).toEqual({ slug: letter.slug, count: 3, listed: 2, counted: 1 })
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(response.headers.get('Cache-Control')).toMatch(
      /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/,
    )
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
  })

  test('a letter that requires a verified profession counts only verified signatures', async () => {
    const db = getDb()
    const letter = await createTestLetter(db, { policy: { listingRequires: 'profession' } })
    await createTestSignature(db, letter, { status: 'approved' })
    await createTestSignature(db, letter, { status: 'approved', verifiedAs: 'domain' })
    await createTestSignature(db, letter, { status: 'approved', listing: 'counted', verifiedAs: 'moderator' })

    expect(JSON.parse((await countOf(letter.slug)).data)).toMatchObject({ count: 2, listed: 1, counted: 1 })
  })

  test('an unknown letter is a 404 in JSON that nobody keeps', async () => {
    const response = await countOf('no-such-letter')
    expect(response.status).toBe(404)
    expect(JSON.parse(response.data)).toEqual({ error: 'No letter at this address' })
    expect(response.headers.get('Cache-Control')).toBe('no-store')
  })
})

describe('public pages', () => {
  const sent = (headers: typeof letterHeaders, errorHeaders?: Headers) =>
    new Headers(headers({ errorHeaders } as Parameters<typeof headers>[0]) as HeadersInit)

  test('the letter page and the home list: shared caches keep them briefly, browsers always ask again', () => {
    for (const headers of [letterHeaders, homeHeaders]) {
      expect(sent(headers).get('Cache-Control')).toBe(
        'public, max-age=0, s-maxage=10, stale-while-revalidate=60, stale-if-error=86400',
      )
    }
  })

  test('an error page (a 404, a failing database) is never cached', () => {
    for (const headers of [letterHeaders, homeHeaders]) {
      expect(sent(headers, new Headers()).get('Cache-Control')).toBe('no-store')
    }
  })
})
