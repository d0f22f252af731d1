import type { ChainHead } from '~/utils/signatory-chain'
import type { DB } from '#db/database'
import {
  effectiveClosedAt,
  effectiveLetterStatus,
  getLetterBySlug,
  type LetterWithVersion,
} from '~/models/letter.server'
import { getChainHead } from '~/models/signatory-chain.server'
import { getPublicCounts, type PublicCounts } from '~/models/signature-count.server'
import { listPublicSignatories, type PublicSignatory } from '~/models/signature.server'
import { sha256Hex } from '~/utils/crypto.server'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { isValidSlug } from '~/utils/slug'
import { describeVerification, isProfessionVerified } from '~/utils/verification'

// The read API (README "Read API and embeds", ADR 015): public data only, JSON, open to any origin
// for reads, cacheable by browsers and shared caches, and a JSON answer even when the request is bad.

/** Fresh for a minute; a cache may serve a stale copy while it refetches, or for a day if we are down. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400'

export const SIGNATURES_DEFAULT_LIMIT = 100
export const SIGNATURES_MAX_LIMIT = 500

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, If-None-Match',
  'Access-Control-Expose-Headers': 'ETag',
  'Access-Control-Max-Age': '86400',
}

/** A letter the public may read: published (open or closed), never a draft. */
export async function findPublicLetter(db: DB, slug: string | undefined): Promise<LetterWithVersion | null> {
  if (!slug || !isValidSlug(slug)) return null
  const letter = await getLetterBySlug(db, slug)
  return letter && letter.status !== 'draft' ? letter : null
}

export function apiError(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), {
    status,
    headers: {
      ...CORS_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      // A 404 may become a letter once it is published: never keep one for long.
      'Cache-Control': status === 404 ? 'public, max-age=30' : 'no-store',
    },
  })
}

/**
 * A JSON answer with CORS and cache headers and an ETag of its text; a request that already
 * holds those bytes (If-None-Match) gets 304 without them.
 */
export function apiJson(request: Request, body: unknown): Response {
  const text = JSON.stringify(body)
  // Weak: the same JSON may leave compressed or not.
  const etag = `W/"${sha256Hex(text).slice(0, 32)}"`
  const headers = {
    ...CORS_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': PUBLIC_CACHE_CONTROL,
    ETag: etag,
  }
  const known = request.headers.get('If-None-Match')
  if (known && known.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.slice(2))) {
    return new Response(null, { status: 304, headers })
  }
  return new Response(request.method === 'HEAD' ? null : text, { headers })
}

/**
 * The front door of every API route: the CORS preflight answered, methods other than reads
 * refused, and anything unexpected still answered in JSON.
 */
export async function handleApiRead(request: Request, read: () => Promise<Response>): Promise<Response> {
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS })
  if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed()
  return read()
}

export function methodNotAllowed(): Response {
  const response = apiError(405, 'method_not_allowed', 'This API is read-only: use GET.')
  response.headers.set('Allow', 'GET, HEAD, OPTIONS')
  return response
}

export function letterApiLinks(appUrl: string, slug: string) {
  const api = `${appUrl}/api/letters/${slug}`
  return {
    self: api,
    signatures: `${api}/signatures`,
    count: `${api}/count`,
    page: `${appUrl}/letters/${slug}`,
    versions: `${appUrl}/letters/${slug}/versions`,
    csv: `${appUrl}/letters/${slug}/signatories.csv`,
    badge: `${appUrl}/letters/${slug}/badge.svg`,
    embed: `${appUrl}/embed/letters/${slug}`,
    chain: `${appUrl}/letters/${slug}/chain.json`,
  }
}

/** The letter as the API and the static mirror show it: the published version, its public counts and the signatory log's head. */
export function letterJson(
  letter: LetterWithVersion,
  counts: PublicCounts,
  chain: ChainHead,
  appUrl: string,
  now = new Date(),
) {
  const { version } = letter
  return {
    slug: letter.slug,
    title: letter.title,
    recipient: letter.recipient,
    organizers: letter.organizers_line,
    status: effectiveLetterStatus(letter, now),
    openedAt: letter.opened_at,
    closesAt: letter.closes_at,
    closedAt: effectiveClosedAt(letter, now),
    /** Who the public counts and list include: 'email' (a confirmed address) or 'profession'. */
    listingRequires: letter.listing_requires,
    version: {
      number: version.version_number,
      sha256: version.body_sha256,
      publishedAt: version.published_at,
      markdown: version.body_markdown,
      html: renderLetterMarkdown(version.body_markdown, `version:${version.id}:${version.body_sha256}`),
    },
    counts: {
      total: counts.total,
      listed: counts.listed,
      counted: counts.counted,
      byProfession: counts.byProfession,
      byLevel: counts.byLevel,
    },
    /** The head of the tamper-evident signatory log (ADR 018): entries at links.chain. */
    chain,
    links: letterApiLinks(appUrl, letter.slug),
  }
}

/** GET /api/letters/:slug: the letter, the version now published, and its public counts. */
export async function readLetter(db: DB, request: Request, slug: string | undefined, appUrl: string) {
  const letter = await findPublicLetter(db, slug)
  if (!letter) return apiError(404, 'not_found', 'No published letter at this address.')
  const [counts, chain] = await Promise.all([getPublicCounts(db, letter), getChainHead(db, letter.id)])
  return apiJson(request, letterJson(letter, counts, chain, appUrl))
}

type SignaturesQuery = { after: number | undefined; limit: number; profession: string | undefined }

/** The query string of /signatures, or the reason it cannot be used. */
export function parseSignaturesQuery(
  params: URLSearchParams,
): { ok: true; query: SignaturesQuery } | { ok: false; message: string } {
  const cursor = params.get('cursor')
  const limit = params.get('limit')
  const profession = params.get('profession')?.trim()
  if (cursor !== null && cursor !== '' && !/^[1-9]\d{0,14}$/.test(cursor)) {
    return { ok: false, message: 'cursor must be a value from a `next` link.' }
  }
  if (limit !== null && limit !== '') {
    const value = /^\d{1,6}$/.test(limit) ? Number(limit) : NaN
    if (!(value >= 1 && value <= SIGNATURES_MAX_LIMIT)) {
      return { ok: false, message: `limit must be a whole number from 1 to ${SIGNATURES_MAX_LIMIT}.` }
    }
  }
  if (profession && profession.length > 100) {
    return { ok: false, message: 'profession must be at most 100 characters.' }
  }
  return {
    ok: true,
    query: {
      after: cursor ? Number(cursor) : undefined,
      limit: limit ? Number(limit) : SIGNATURES_DEFAULT_LIMIT,
      profession: profession || undefined,
    },
  }
}

/** A public signatory as the API shows it: never an email, a licence number or evidence. */
export function signatoryJson(signatory: PublicSignatory) {
  return {
    id: signatory.id,
    name: signatory.name,
    profession: signatory.profession,
    organization: signatory.organization,
    location: signatory.location,
    versionSigned: signatory.version_number,
    /** Gathered elsewhere and imported (ADR 020), or null. */
    imported: signatory.imported_from
      ? { from: signatory.imported_from, on: signatory.imported_at?.slice(0, 10) ?? null }
      : null,
    verification: {
      level: signatory.verification_level,
      professionVerified: isProfessionVerified(signatory.verification_level),
      method: signatory.verification_method,
      checkedOn: signatory.verified_at?.slice(0, 10) ?? null,
      verifier: signatory.verifier_label,
      description: describeVerification(
        signatory.verification_level,
        signatory.verification_method,
        signatory.verified_at,
        signatory.verifier_label,
      ),
    },
  }
}

/** GET /api/letters/:slug/signatures: one page of the public list, in signing order, keyset paged. */
export async function readSignatures(db: DB, request: Request, slug: string | undefined, appUrl: string) {
  const parsed = parseSignaturesQuery(new URL(request.url).searchParams)
  if (!parsed.ok) return apiError(400, 'bad_request', parsed.message)
  const letter = await findPublicLetter(db, slug)
  if (!letter) return apiError(404, 'not_found', 'No published letter at this address.')
  const { after, limit, profession } = parsed.query
  const page = await listPublicSignatories(db, letter, { after, profession, pageSize: limit })
  const links = letterApiLinks(appUrl, letter.slug)
  const pageUrl = (cursor: number) => {
    const params = new URLSearchParams({ cursor: String(cursor), limit: String(limit) })
    if (profession) params.set('profession', profession)
    return `${links.signatures}?${params}`
  }
  return apiJson(request, {
    letter: { slug: letter.slug, url: links.self },
    limit,
    signatories: page.signatories.map(signatoryJson),
    next: page.nextCursor === null ? null : pageUrl(page.nextCursor),
  })
}
