import type { Letter, LetterUpdateEntry } from '#db/schema'
import { sha256Hex } from '~/utils/crypto.server'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { letterUrl } from '~/utils/urls'
import { updateUrl } from './letter-updates.server'

// A letter's updates as an Atom 1.0 feed (RFC 4287, ADR 021), for newsreaders and for anyone who
// would rather follow a letter than give it an email address.

export const feedPath = (slug: string) => `/letters/${slug}/updates.atom`

// XML 1.0 forbids most control characters even when escaped; a pasted one must not break the feed.
const NOT_XML_CHARACTER = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML_CHARACTER, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/**
 * The feed's id, a tag URI (RFC 4151) on the site's host and the letter's creation date: it names
 * the letter by number, so renaming its slug does not make readers see a new feed.
 */
export function feedId(appUrl: string, letter: Pick<Letter, 'id' | 'created_at'>): string {
  return `tag:${new URL(appUrl).hostname},${letter.created_at.slice(0, 10)}:letters/${letter.id}/updates`
}

export function letterUpdatesFeed(
  appUrl: string,
  letter: Pick<Letter, 'id' | 'slug' | 'title' | 'organizers_line' | 'created_at'>,
  updates: LetterUpdateEntry[],
): string {
  const updatedOf = (update: LetterUpdateEntry) => update.edited_at ?? update.published_at
  const feedUpdated = updates.map(updatedOf).sort().at(-1) ?? letter.created_at
  const entries = updates.map(
    (update) => `  <entry>
    <id>urn:uuid:${escapeXml(update.uuid)}</id>
    <title type="text">${escapeXml(update.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(updateUrl(appUrl, letter.slug, update))}"/>
    <published>${update.published_at}</published>
    <updated>${updatedOf(update)}</updated>
    <content type="html">${escapeXml(renderLetterMarkdown(update.body_markdown))}</content>
  </entry>
`,
  )
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feedId(appUrl, letter))}</id>
  <title type="text">${escapeXml(`Updates: ${letter.title}`)}</title>
  <updated>${feedUpdated}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(appUrl + feedPath(letter.slug))}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(letterUrl(appUrl, letter.slug))}"/>
  <author><name>${escapeXml(letter.organizers_line)}</name></author>
  <generator>Undersigned</generator>
${entries.join('')}</feed>
`
}

/** Fresh for five minutes: a newsreader polling every minute costs one render per five. */
export const FEED_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=600, stale-if-error=86400'

/** The feed with its headers; a newsreader that holds these bytes already (If-None-Match) gets 304. */
export function feedResponse(request: Request, xml: string): Response {
  const etag = `W/"${sha256Hex(xml).slice(0, 32)}"`
  const headers = {
    'Content-Type': 'application/atom+xml; charset=utf-8',
    'Cache-Control': FEED_CACHE_CONTROL,
    'Access-Control-Allow-Origin': '*',
    ETag: etag,
  }
  const known = request.headers.get('If-None-Match')
  if (known && known.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.slice(2))) {
    return new Response(null, { status: 304, headers })
  }
  return new Response(request.method === 'HEAD' ? null : xml, { headers })
}
