import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireOwner } from '~/services/letter-access.server'
import { readOutboxMessage } from '~/services/outbox-admin.server'
import { requireUser } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { notFound } from '~/utils/responses.server'

// One email's HTML as its own document, framed by the outbox message page. A document of its own
// because email HTML is styled inline, which the app's pages forbid: this address alone gets a
// policy allowing inline styles and nothing else, not even scripts (server/http-security.js).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  requireOwner(user)
  const id = params.emailId && /^[1-9]\d{0,14}$/.test(params.emailId) ? Number(params.emailId) : null
  if (id === null) notFound('No such email')
  const view = await readOutboxMessage(getDb(), user, id)
  if (!view || view.html === null) notFound('No such email')
  return new Response(view.html, {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
