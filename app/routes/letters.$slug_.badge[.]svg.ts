import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPublicCounts } from '~/models/signature-count.server'
import { countBadgeSvg, EMBED_CONTENT_SECURITY_POLICY } from '~/services/embeds.server'
import { findPublicLetter, PUBLIC_CACHE_CONTROL } from '~/services/public-api.server'
import { getDb } from '~/utils/db.server'
import { notFound } from '~/utils/responses.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb()
  const letter = await findPublicLetter(db, params.slug)
  if (!letter) notFound('No published letter at this address')
  const { total } = await getPublicCounts(db, letter)
  return new Response(countBadgeSvg({ title: letter.title, count: total }), {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': PUBLIC_CACHE_CONTROL,
      'Content-Security-Policy': EMBED_CONTENT_SECURITY_POLICY,
      // Any site may show it, including one that isolates itself (COEP).
      'Cross-Origin-Resource-Policy': 'cross-origin',
    },
  })
}
