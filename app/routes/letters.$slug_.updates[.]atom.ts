import type { LoaderFunctionArgs } from '@remix-run/node'
import { listLetterUpdates } from '~/models/letter-update.server'
import { feedResponse, letterUpdatesFeed } from '~/services/letter-updates-feed.server'
import { findPublicLetter } from '~/services/public-api.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { notFound } from '~/utils/responses.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const letter = await findPublicLetter(db, params.slug)
  if (!letter) notFound('No published letter at this address')
  const updates = await listLetterUpdates(db, letter.id)
  return feedResponse(request, letterUpdatesFeed(getEnv().APP_URL, letter, updates))
}
