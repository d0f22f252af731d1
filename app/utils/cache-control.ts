// Cache-Control for public reads (issue 6, ADR 014). A count a few seconds old is still the
// truth to a crowd of readers, so shared caches (a CDN, a proxy) may keep a page for seconds, serve
// it while they fetch a fresh one (stale-while-revalidate), and for a day if this server is down
// (stale-if-error). A browser asks again each time (max-age=0): the signer who just confirmed must
// see their own signature counted, not the page from before.

/** Public pages: the letter page, the home list. */
export const PUBLIC_PAGE_CACHE_CONTROL =
  'public, max-age=0, s-maxage=10, stale-while-revalidate=60, stale-if-error=86400'

/** The count endpoint, polled by pages and embeds: fresher than a page, just as forgiving. */
export const PUBLIC_COUNT_CACHE_CONTROL =
  'public, max-age=0, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400'

/**
 * A public page's headers: cacheable when its loader succeeded; an error (a 404, a failing
 * database) is never kept by anyone.
 */
export function publicPageHeaders({ errorHeaders }: { errorHeaders?: Headers }): HeadersInit {
  return errorHeaders ? { 'Cache-Control': 'no-store' } : { 'Cache-Control': PUBLIC_PAGE_CACHE_CONTROL }
}
