import type { ActionFunctionArgs } from '@remix-run/node'
import { BODY_MAX_LENGTH, normalizeLetterBody } from '~/schemas/letter'
import { requireUser } from '~/utils/auth.server'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { readFormData } from '~/utils/request.server'

// The letter editor's live preview: Markdown in, the same sanitized HTML the letter page shows out.
// Signed-in organizers only, so it is no free Markdown renderer for the world.

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request)
  const body = (await readFormData(request)).get('bodyMarkdown')
  const markdown = typeof body === 'string' ? normalizeLetterBody(body) : ''
  if (markdown.length > BODY_MAX_LENGTH) {
    return Response.json(
      {
        html: null,
        error: `The letter must be at most ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters`,
      },
      { status: 400 },
    )
  }
  return Response.json(
    { html: renderLetterMarkdown(markdown), error: null },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function loader() {
  return new Response('Send the Markdown with POST.', {
    status: 405,
    headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' },
  })
}
