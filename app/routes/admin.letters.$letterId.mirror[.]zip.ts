import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { organizerMirrorDownload } from '~/services/mirror.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readOrCreateMirrorKey } from '~/utils/mirror-key.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Public data only, so the whole team may take it; signed in the instance's name, so audited.
  const access = await requireLetterAccessFor(request, params.letterId, 'view')
  const env = getEnv()
  return organizerMirrorDownload(getDb(), request, access, {
    appUrl: env.APP_URL,
    key: readOrCreateMirrorKey(env.DATABASE_PATH),
  })
}
