import type { LoaderFunctionArgs } from '@remix-run/node'
import {
  apiError,
  apiJson,
  findPublicLetter,
  handleApiRead,
  methodNotAllowed,
} from '~/services/public-api.server'
import { chainPage, parseChainQuery } from '~/services/signatory-chain.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

// The tamper-evident signatory log of a letter (ADR 018), keyset paged by sequence number.
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApiRead(request, async () => {
    const query = parseChainQuery(new URL(request.url).searchParams)
    if (!query.ok) return apiError(400, 'bad_request', query.message)
    const db = getDb()
    const letter = await findPublicLetter(db, params.slug)
    if (!letter) return apiError(404, 'not_found', 'No published letter at this address.')
    return apiJson(request, await chainPage(db, letter, { ...query, appUrl: getEnv().APP_URL }))
  })
}

export async function action() {
  return methodNotAllowed()
}
