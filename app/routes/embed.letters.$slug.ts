import type { LoaderFunctionArgs } from '@remix-run/node'
import { effectiveLetterStatus } from '~/models/letter.server'
import { getPublicCounts } from '~/models/signature-count.server'
import {
  EMBED_CONTENT_SECURITY_POLICY,
  letterEmbedHtml,
  missingLetterEmbedHtml,
} from '~/services/embeds.server'
import { findPublicLetter, PUBLIC_CACHE_CONTROL } from '~/services/public-api.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

// A whole document of its own, outside the root layout: no site chrome and no client JavaScript.
// server.js lets /embed/ paths be framed by any site; every other page refuses to be framed.
export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb()
  const letter = await findPublicLetter(db, params.slug)
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': EMBED_CONTENT_SECURITY_POLICY,
  }
  if (!letter) {
    return new Response(missingLetterEmbedHtml(), {
      status: 404,
      headers: { ...headers, 'Cache-Control': 'public, max-age=30' },
    })
  }
  const { total } = await getPublicCounts(db, letter)
  const html = letterEmbedHtml({
    title: letter.title,
    count: total,
    status: effectiveLetterStatus(letter),
    letterUrl: `${getEnv().APP_URL}/letters/${letter.slug}`,
  })
  return new Response(html, { headers: { ...headers, 'Cache-Control': PUBLIC_CACHE_CONTROL } })
}
