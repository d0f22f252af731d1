import { getEnv } from '~/utils/env.server'
import { publishedKeyDocument, readOrCreateMirrorKey } from '~/utils/mirror-key.server'

// The instance's public signing key (ADR 019): `npm run verify:mirror -- <dir> --key-url <this>`
// checks that a mirror was signed here. Public, cacheable, open to any origin.
export async function loader() {
  const env = getEnv()
  const key = readOrCreateMirrorKey(env.DATABASE_PATH)
  return new Response(JSON.stringify(publishedKeyDocument(key, env.APP_URL), null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=3600',
    },
  })
}
