import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { verifyRemoteChain } from '~/services/signatory-chain.server'
import { getDb } from '~/utils/db.server'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { loader as apiLetterLoader } from './api.letters.$slug._index'
import { loader as apiSignaturesLoader } from './api.letters.$slug.signatures'
import { loader as chainLoader } from './letters.$slug_.chain[.]json'
import { loader as csvLoader } from './letters.$slug_.signatories[.]csv'
import { loader as letterPageLoader } from './letters.$slug'

const base = 'http://localhost:3000'

async function getChain(slug: string, query = '') {
  return chainLoader({
    request: new Request(`${base}/letters/${slug}/chain.json${query}`),
    params: { slug },
    context: {},
  })
}

/** Answers the verifier's requests with the app's own loaders, as a server would. */
async function appFetch(url: string): Promise<Response> {
  const { pathname } = new URL(url)
  const request = new Request(url)
  const route: Array<[RegExp, (args: any) => Promise<unknown>]> = [
    [/^\/api\/letters\/([^/]+)$/, apiLetterLoader],
    [/^\/api\/letters\/([^/]+)\/signatures$/, apiSignaturesLoader],
    [/^\/letters\/([^/]+)\/chain\.json$/, chainLoader],
  ]
  for (const [pattern, loader] of route) {
    const match = pattern.exec(pathname)
    if (match) return (await loader({ request, params: { slug: match[1] }, context: {} })) as Response
  }
  return new Response('not found', { status: 404 })
}

describe('GET /letters/:slug/chain.json', () => {
  test('the head and the entries in order, paged by sequence number, without emails', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 5)
    const first = await getChain(letter.slug, '?limit=2')
    expect(first.status).toBe(200)
    expect(first.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const body = (await first.json()) as any
    expect(body).toMatchObject({
      format: 'undersigned-signatory-chain/1',
      letter: letter.slug,
      head: { length: 5 },
      next: `${base}/letters/${letter.slug}/chain.json?after=2&limit=2`,
    })
    expect(body.entries.map((entry: any) => entry.seq)).toEqual([1, 2])
    expect(JSON.stringify(body)).not.toContain('@example.org')

    const last = (await (await getChain(letter.slug, '?after=4&limit=2')).json()) as any
    expect(last.entries.map((entry: any) => entry.seq)).toEqual([5])
    expect(last.next).toBeNull()
  })

  test('bad queries get a 400, drafts and unknown letters a 404, writes a 405', async () => {
    const letter = await createTestLetter(getDb())
    for (const query of ['?after=-1', '?after=x', '?limit=0', '?limit=5000']) {
      expect((await getChain(letter.slug, query)).status).toBe(400)
    }
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    expect((await getChain(draft.slug)).status).toBe(404)
    expect((await getChain('no-such-letter')).status).toBe(404)
  })
})

describe('the head in public', () => {
  test('in the read API, the CSV headers and on the letter page, all the same', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved' })
    await createTestSignature(getDb(), letter, { status: 'approved', verifiedAs: 'registry' })
    const chain = ((await (await getChain(letter.slug)).json()) as any).head

    const api = (await (await appFetch(`${base}/api/letters/${letter.slug}`)).json()) as any
    expect(api.chain).toEqual(chain)
    expect(api.links.chain).toBe(`${base}/letters/${letter.slug}/chain.json`)

    const csv = (await csvLoader({
      request: new Request(`${base}/letters/${letter.slug}/signatories.csv`),
      params: { slug: letter.slug },
      context: {},
    })) as Response
    expect(csv.headers.get('Signatory-Chain-Head')).toBe(`${chain.length} ${chain.hash}`)
    expect((await csv.text()).split('\n')[0]).toMatch(/^Name,/)

    const page = (await letterPageLoader({
      request: new Request(`${base}/letters/${letter.slug}`),
      params: { slug: letter.slug },
      context: {},
    })) as any
    expect(page.chainHead).toEqual(chain)
  })
})

describe('verifying a server from its public answers', () => {
  test('an honest server passes, across pages of entries and of signatories', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 1200, (index) => (index % 7 === 0 ? { listing: 'counted' } : {}))
    await getDb()
      .updateTable('signatures')
      .set({ status: 'withdrawn' })
      .where('letter_id', '=', letter.id)
      .where('name', 'in', ['Signer 1', 'Signer 2'])
      .execute()
    const result = await verifyRemoteChain(`${base}/`, letter.slug, appFetch)
    expect(result).toMatchObject({ ok: true, problems: [], computedHead: { length: 1200 - 172 + 2 } })
  })

  test('a server whose list was edited behind the chain fails', async () => {
    const letter = await createTestLetter(getDb())
    const signature = await createTestSignature(getDb(), letter, { status: 'approved' })
    // What a forger with the database but not the triggers would do.
    await sql`drop trigger signatory_chain_signature_update`.execute(getDb())
    await getDb()
      .updateTable('signatures')
      .set({ name: 'Someone Else' })
      .where('id', '=', signature.id)
      .execute()
    const result = await verifyRemoteChain(base, letter.slug, appFetch)
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([
      { seq: null, problem: `signature ${signature.id} on the public list differs from its chain record` },
    ])
  })
})
