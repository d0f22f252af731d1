import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { exportSignerDataSchema } from '~/schemas/signer-data'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { signerDataFor } from '~/services/signer-data.server'
import { getDb } from '~/utils/db.server'
import { readFormData } from '~/utils/request.server'

// The download behind "Download their data": a resource route, so the answer is the file itself.
// A POST, so the address never appears in a URL, a log line or the browser's history.

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'manage-signer-data')
  const page = `/admin/letters/${access.letter.id}/signer-data`
  const submission = parseWithZod(await readFormData(request), { schema: exportSignerDataSchema })
  if (submission.status !== 'success') return redirect(`${page}?export=not-found`)
  const document = await signerDataFor(getDb(), access).exportData(submission.value.email)
  if (!document) return redirect(`${page}?export=not-found`)
  const filename = `signer-data-${access.letter.slug}-signature-${document.signature.id}.json`
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'manage-signer-data')
  return redirect(`/admin/letters/${access.letter.id}/signer-data`)
}
