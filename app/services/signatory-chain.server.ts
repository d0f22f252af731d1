import type { DB } from '#db/database'
import type { Letter } from '#db/schema'
import { chainRecordOf, getChainHead, listChainEntries } from '~/models/signatory-chain.server'
import { listPublicSignatories } from '~/models/signature.server'
import {
  CHAIN_FORMAT,
  verifyChain,
  type ChainEntry,
  type ChainHead,
  type ChainRecord,
  type ChainVerification,
} from '~/utils/signatory-chain'

// The signatory chain in public (ADR 018): the head on the letter page, in the read API and the CSV
// headers; the entries at /letters/:slug/chain.json; a verifier over the database or over HTTP.

export const CHAIN_PAGE_DEFAULT_LIMIT = 500
export const CHAIN_PAGE_MAX_LIMIT = 1000
const READ_BATCH = 1000

/** "12 a3f0...": the HTTP header form of a head, for the CSV export. */
export function chainHeadHeader(head: ChainHead): string {
  return `${head.length} ${head.hash}`
}

/** The head, entries and public list of a letter, read in one transaction so they agree. */
export async function readLetterChain(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
): Promise<{ head: ChainHead; entries: ChainEntry[]; publicList: ChainRecord[] }> {
  return db.transaction().execute(async (trx) => {
    const head = await getChainHead(trx, letter.id)
    const entries: ChainEntry[] = []
    for (;;) {
      const batch = await listChainEntries(trx, letter, { afterSeq: entries.at(-1)?.seq, limit: READ_BATCH })
      entries.push(...batch)
      if (batch.length < READ_BATCH) break
    }
    const publicList: ChainRecord[] = []
    for (let after: number | undefined; ;) {
      const page = await listPublicSignatories(trx, letter, { after, pageSize: READ_BATCH })
      publicList.push(...page.signatories.map(chainRecordOf))
      if (page.nextCursor === null) break
      after = page.nextCursor
    }
    return { head, entries, publicList }
  })
}

export async function verifyLetterChain(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
): Promise<ChainVerification> {
  return verifyChain(await readLetterChain(db, letter))
}

/** The body of GET /letters/:slug/chain.json?after=<seq>&limit=<n>. */
export async function chainPage(
  db: DB,
  letter: Pick<Letter, 'id' | 'slug' | 'listing_requires'>,
  options: { afterSeq: number; limit: number; appUrl: string },
) {
  const head = await getChainHead(db, letter.id)
  const entries = await listChainEntries(db, letter, { afterSeq: options.afterSeq, limit: options.limit })
  const last = entries.at(-1)
  const hasMore = last !== undefined && last.seq < head.length
  return {
    format: CHAIN_FORMAT,
    letter: letter.slug,
    head,
    entries,
    next:
      hasMore && last
        ? `${options.appUrl}/letters/${letter.slug}/chain.json?after=${last.seq}&limit=${options.limit}`
        : null,
  }
}

/** The query of chain.json, or why it cannot be used. */
export function parseChainQuery(
  params: URLSearchParams,
): { ok: true; afterSeq: number; limit: number } | { ok: false; message: string } {
  const after = params.get('after') || '0'
  const limit = params.get('limit') || String(CHAIN_PAGE_DEFAULT_LIMIT)
  if (!/^\d{1,15}$/.test(after)) return { ok: false, message: 'after must be a sequence number.' }
  if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1 || Number(limit) > CHAIN_PAGE_MAX_LIMIT) {
    return { ok: false, message: `limit must be a whole number from 1 to ${CHAIN_PAGE_MAX_LIMIT}.` }
  }
  return { ok: true, afterSeq: Number(after), limit: Number(limit) }
}

type Fetch = (url: string) => Promise<Response>

async function getJson(fetchUrl: Fetch, url: string): Promise<any> {
  const response = await fetchUrl(url)
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`)
  return response.json()
}

/** A public signatory of the read API as the chain records them. */
export function chainRecordFromApi(signatory: any): ChainRecord {
  return {
    id: signatory.id,
    name: signatory.name,
    profession: signatory.profession,
    organization: signatory.organization,
    location: signatory.location,
    versionSigned: signatory.versionSigned,
    level: signatory.verification.level,
    method: signatory.verification.method,
    checkedOn: signatory.verification.checkedOn,
    verifier: signatory.verification.verifier,
  }
}

/**
 * Verifies a letter on a running server from its public answers only: the head from the read API,
 * the entries from chain.json, the list from /api/letters/:slug/signatures. A signature approved
 * while it reads moves the head; then it reads again, up to three times.
 */
export async function verifyRemoteChain(baseUrl: string, slug: string, fetchUrl: Fetch = fetch) {
  const base = baseUrl.replace(/\/+$/, '')
  let result: ChainVerification | undefined
  for (let attempt = 0; attempt < 3; attempt++) {
    const before: ChainHead = (await getJson(fetchUrl, `${base}/api/letters/${slug}`)).chain
    const entries: ChainEntry[] = []
    for (let url: string | null = `${base}/letters/${slug}/chain.json?limit=${CHAIN_PAGE_MAX_LIMIT}`; url;) {
      const page = await getJson(fetchUrl, url)
      entries.push(...page.entries)
      url = page.next
    }
    const publicList: ChainRecord[] = []
    for (let url: string | null = `${base}/api/letters/${slug}/signatures?limit=500`; url;) {
      const page = await getJson(fetchUrl, url)
      publicList.push(...page.signatories.map(chainRecordFromApi))
      url = page.next
    }
    const after: ChainHead = (await getJson(fetchUrl, `${base}/api/letters/${slug}`)).chain
    result = verifyChain({ entries, head: before, publicList })
    if (before.length === after.length && before.hash === after.hash) return result
  }
  return result!
}
