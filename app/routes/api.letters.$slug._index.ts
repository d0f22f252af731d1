import type { LoaderFunctionArgs } from '@remix-run/node'
import { handleApiRead, methodNotAllowed, readLetter } from '~/services/public-api.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApiRead(request, () => readLetter(getDb(), request, params.slug, getEnv().APP_URL))
}

export async function action() {
  return methodNotAllowed()
}
