import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { LetterForm, MARKDOWN_PREVIEW_ACTION, type LetterFormDefaults } from '~/components/letter-form'
import { letterPreviewSchema, letterSchema, normalizeLetterBody } from '~/schemas/letter'
import { createDraftLetter } from '~/services/letter-editor.server'
import { requireOwner } from '~/services/letter-access.server'
import { requireUser } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { readFormData } from '~/utils/request.server'
import editorStyles from '~/styles/editor.css'

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  requireOwner(user)
  const formData = await readFormData(request)

  if (formData.get('intent') === 'preview') {
    const submission = parseWithZod(formData, { schema: letterPreviewSchema })
    const body = normalizeLetterBody(submission.payload.bodyMarkdown?.toString() ?? '')
    return data({ result: submission.reply(), previewHtml: renderLetterMarkdown(body) })
  }

  const submission = parseWithZod(formData, { schema: letterSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), previewHtml: null }, { status: 400 })
  }
  const created = await createDraftLetter(getDb(), user, submission.value)
  if (created.kind === 'slug-taken') {
    return data(
      {
        result: submission.reply({
          fieldErrors: { slug: ['Another letter already has this address. Choose another.'] },
        }),
        previewHtml: null,
      },
      { status: 400 },
    )
  }
  return redirect(`/admin/letters/${created.letterId}/edit?done=created`)
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  requireOwner(user)
  const defaultValue: LetterFormDefaults = {
    title: '',
    slug: '',
    recipient: '',
    organizersLine: '',
    bodyMarkdown: '',
    moderationRequired: true,
    notifyOnApprove: true,
    notifyOnReject: false,
    closesAt: '',
  }
  return { defaultValue }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: editorStyles }]

export const meta: MetaFunction = () => [{ title: 'New letter · Undersigned admin' }]

/** The live preview posts to its own route: this page's data does not change with it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === MARKDOWN_PREVIEW_ACTION ? false : defaultShouldRevalidate

export default function NewLetter() {
  const { defaultValue } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="page page--editor">
      <p className="eyebrow">
        <Link to="/admin">Letters</Link> <span aria-hidden="true">/</span> New
      </p>
      <h1>New letter</h1>
      <p className="lead">
        The letter starts as a draft: nobody can sign it until you open it. Until then you can change its text
        freely; once it is open, each change of text is published as a new version.
      </p>
      <LetterForm
        id="new-letter"
        lastResult={actionData?.result}
        defaultValue={defaultValue}
        previewHtml={actionData?.previewHtml ?? ''}
        submitLabel="Create the draft"
        pendingLabel="Creating…"
        suggestSlugFromTitle
      />
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: () => (
          <>
            <h1>Only owners create letters</h1>
            <p>Ask an owner of this Undersigned to create the letter and add you as an organizer.</p>
          </>
        ),
      }}
    />
  )
}
