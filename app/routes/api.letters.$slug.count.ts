import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLetterBySlug } from '~/models/letter.server'
import { getPublicCounts } from '~/models/signature-count.server'
import { PUBLIC_COUNT_CACHE_CONTROL } from '~/utils/cache-control'
import { getDb } from '~/utils/db.server'

// GET /api/letters/:slug/count: the public count as JSON, for pages, embeds and other sites
// (CORS open: it is public, read-only data).

export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb()
  const letter = await getLetterBySlug(db, params.slug ?? '')
  if (!letter) {
    return Response.json(
      { error: 'No letter at this address' },
      { status: 404, headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } },
    )
  }
  const counts = await getPublicCounts(db, letter)
  return Response.json(
    { slug: letter.slug, count: counts.total, listed: counts.listed, counted: counts.counted },
    { headers: { 'Cache-Control': PUBLIC_COUNT_CACHE_CONTROL, 'Access-Control-Allow-Origin': '*' } },
  )
}
