import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton } from '~/components/forms'
import { LetterForm, MARKDOWN_PREVIEW_ACTION } from '~/components/letter-form'
import {
  effectiveClosedAt,
  effectiveLetterStatus,
  getLetterVersion,
  listLetterVersions,
} from '~/models/letter.server'
import { letterPreviewSchema, letterSchema, normalizeLetterBody, toDateTimeLocal } from '~/schemas/letter'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { changeStatus, isStatusTransition, saveLetter } from '~/services/letter-editor.server'
import { getDb } from '~/utils/db.server'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { readFormData } from '~/utils/request.server'
import { formatLongDate } from '~/utils/time'
import editorStyles from '~/styles/editor.css'

const doneAfterTransition = { open: 'opened', close: 'closed', reopen: 'reopened' } as const

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const editUrl = `/admin/letters/${access.letter.id}/edit`
  const formData = await readFormData(request)
  const intent = formData.get('intent') ?? 'save'

  if (intent === 'preview') {
    const submission = parseWithZod(formData, { schema: letterPreviewSchema })
    const body = normalizeLetterBody(submission.payload.bodyMarkdown?.toString() ?? '')
    return data({ result: submission.reply(), previewHtml: renderLetterMarkdown(body), statusError: null })
  }

  if (isStatusTransition(intent)) {
    const outcome = await changeStatus(db, access, intent)
    if (outcome.kind === 'refused') {
      return data({ result: null, previewHtml: null, statusError: outcome.message }, { status: 409 })
    }
    return redirect(`${editUrl}?done=${doneAfterTransition[intent]}`)
  }

  const submission = parseWithZod(formData, { schema: letterSchema })
  if (intent !== 'save') {
    return data(
      {
        result: submission.reply({
          formErrors: ['That button does nothing here. Reload the page and try again.'],
        }),
        previewHtml: null,
        statusError: null,
      },
      { status: 400 },
    )
  }
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), previewHtml: null, statusError: null }, { status: 400 })
  }
  const base = formData.get('baseVersion')
  const baseVersion = typeof base === 'string' && /^[1-9]\d{0,8}$/.test(base) ? Number(base) : undefined
  const saved = await saveLetter(db, access, submission.value, { baseVersion })
  switch (saved.kind) {
    case 'slug-taken':
      return data(
        {
          result: submission.reply({
            fieldErrors: { slug: ['Another letter already has this address. Choose another.'] },
          }),
          previewHtml: null,
          statusError: null,
        },
        { status: 400 },
      )
    case 'stale':
      return data(
        {
          result: submission.reply({
            formErrors: [
              `Someone published version ${saved.currentVersion} of the text while you were editing version ${saved.editedVersion}. ` +
                'Your text is kept below and nothing was saved: compare it with the public version, then save again to publish yours.',
            ],
          }),
          previewHtml: null,
          statusError: null,
        },
        { status: 409 },
      )
    case 'unchanged':
      return redirect(`${editUrl}?done=unchanged`)
    case 'saved':
      return redirect(
        saved.publishedVersion
          ? `${editUrl}?done=published&v=${saved.publishedVersion}`
          : `${editUrl}?done=saved`,
      )
  }
}

function noticeFor(searchParams: URLSearchParams): string | null {
  const version = searchParams.get('v')
  switch (searchParams.get('done')) {
    case 'created':
      return 'Draft created. Check it below, then open it for signatures when it is ready.'
    case 'saved':
      return 'Saved.'
    case 'published':
      return version && /^\d{1,9}$/.test(version)
        ? `Saved. Version ${version} of the text is now public. Earlier signatures stay on the version they signed.`
        : 'Saved. The new version of the text is now public.'
    case 'unchanged':
      return 'Nothing had changed, so nothing was saved.'
    case 'opened':
      return 'The letter is open: it now takes signatures.'
    case 'closed':
      return 'The letter is closed: it no longer takes signatures.'
    case 'reopened':
      return 'The letter is open again: it takes signatures.'
    default:
      return null
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const { letter } = await requireLetterAccessFor(request, params.letterId, 'edit')
  const [version, versions] = await Promise.all([
    letter.current_version_id ? getLetterVersion(db, letter.current_version_id) : null,
    listLetterVersions(db, letter.id),
  ])
  if (!version) throw new Response('This letter has no text', { status: 404 })
  const now = new Date()
  return {
    letter: {
      id: letter.id,
      slug: letter.slug,
      status: letter.status,
      effectiveStatus: effectiveLetterStatus(letter, now),
      openedAt: letter.opened_at,
      closedAt: effectiveClosedAt(letter, now),
      closesAt: letter.closes_at,
    },
    version: {
      number: version.version_number,
      publishedAt: version.published_at,
      sha256: version.body_sha256,
    },
    versionCount: versions.length,
    defaultValue: {
      title: letter.title,
      slug: letter.slug,
      recipient: letter.recipient,
      organizersLine: letter.organizers_line,
      bodyMarkdown: version.body_markdown,
      moderationRequired: letter.moderation_required === 1,
      notifyOnApprove: letter.notify_on_approve === 1,
      notifyOnReject: letter.notify_on_reject === 1,
      closesAt: toDateTimeLocal(letter.closes_at),
    },
    bodyHtml: renderLetterMarkdown(version.body_markdown, `version:${version.id}:${version.body_sha256}`),
    notice: noticeFor(new URL(request.url).searchParams),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: editorStyles }]

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const parent = matches.find((match) => match.id === 'routes/admin.letters.$letterId')?.data as
    { letter?: { title?: string } } | undefined
  return [{ title: `Edit: ${parent?.letter?.title ?? 'letter'} · Undersigned admin` }]
}

/** The live preview posts to its own route: this page's data does not change with it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === MARKDOWN_PREVIEW_ACTION ? false : defaultShouldRevalidate

const utcDateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
})
const formatUtcDateTime = (iso: string) => `${utcDateTime.format(new Date(iso))} UTC`

export default function EditLetter() {
  const { letter, version, versionCount, defaultValue, bodyHtml, notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const textIsPublic = letter.status !== 'draft'
  return (
    <div className="letter-editor">
      {notice ? (
        <div className="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}

      <section className="panel status-panel" aria-labelledby="status-heading">
        <h2 id="status-heading">
          Status: <span className={`tag tag--${letter.effectiveStatus}`}>{letter.effectiveStatus}</span>
        </h2>
        <StatusDescription letter={letter} />
        <ErrorList errors={actionData?.statusError ? [actionData.statusError] : null} announce />
        <StatusActions status={letter.status} effectiveStatus={letter.effectiveStatus} />
      </section>

      <section aria-labelledby="text-heading">
        <h2 id="text-heading">The letter</h2>
        <p className="letter-editor__version">
          {textIsPublic
            ? `Version ${version.number} of the text, published ${formatLongDate(version.publishedAt)}. `
            : 'Draft text: changes replace it until the letter opens. '}
          <Link to={`/letters/${letter.slug}/versions`}>
            {versionCount > 1 ? `See all ${versionCount} versions` : 'See the published versions'}
          </Link>
        </p>
        <LetterForm
          id="edit-letter"
          lastResult={actionData?.result}
          defaultValue={defaultValue}
          previewHtml={actionData?.previewHtml ?? bodyHtml}
          submitLabel={textIsPublic ? 'Save changes' : 'Save the draft'}
          pendingLabel="Saving…"
          hiddenFields={<input type="hidden" name="baseVersion" value={version.number} />}
          slugHint={
            textIsPublic
              ? 'Lower-case letters, digits and hyphens. Changing it breaks every link to the letter already shared.'
              : undefined
          }
          bodyHint={
            textIsPublic ? (
              <>
                This letter is public: saving a changed text publishes{' '}
                <strong>version {version.number + 1}</strong>. Everyone who signed keeps the version they
                signed. Markdown: <code>**bold**</code>, <code>*italic*</code>, <code>## Heading</code>,{' '}
                <code>- list item</code>.
              </>
            ) : undefined
          }
        />
      </section>
    </div>
  )
}

type StatusLetter = {
  status: string
  effectiveStatus: string
  openedAt: string | null
  closedAt: string | null
  closesAt: string | null
}

function StatusDescription({ letter }: { letter: StatusLetter }) {
  if (letter.status === 'draft') {
    return (
      <p>
        Nobody can sign a draft; its page says it is a draft. Open it when the text is ready.
        {letter.closesAt
          ? ` Once open, it takes signatures until ${formatUtcDateTime(letter.closesAt)}.`
          : null}
      </p>
    )
  }
  if (letter.status === 'open' && letter.effectiveStatus === 'closed') {
    return (
      <p>
        It stopped taking signatures at its closing date, {formatUtcDateTime(letter.closesAt!)}. To take
        signatures again, move or clear the closing date below and save.
      </p>
    )
  }
  if (letter.status === 'open') {
    return (
      <p>
        Open for signatures{letter.openedAt ? ` since ${formatLongDate(letter.openedAt)}` : ''}.
        {letter.closesAt ? ` It stops taking signatures at ${formatUtcDateTime(letter.closesAt)}.` : null}
      </p>
    )
  }
  return (
    <p>
      Closed{letter.closedAt ? ` on ${formatLongDate(letter.closedAt)}` : ''}: it takes no signatures, and its
      page and signatories stay public. You can reopen it.
    </p>
  )
}

function StatusActions({ status, effectiveStatus }: { status: string; effectiveStatus: string }) {
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const button =
    status === 'draft'
      ? {
          intent: 'open',
          label: 'Open for signatures',
          pending: 'Opening…',
          className: 'button button--primary',
        }
      : status === 'open' && effectiveStatus === 'open'
        ? { intent: 'close', label: 'Close now', pending: 'Closing…', className: 'button button--secondary' }
        : status === 'closed'
          ? {
              intent: 'reopen',
              label: 'Reopen',
              pending: 'Reopening…',
              className: 'button button--secondary',
            }
          : null
  if (!button) return null
  return (
    <Form method="post" className="status-panel__actions">
      <SubmitButton
        pending={pendingIntent === button.intent}
        pendingLabel={button.pending}
        className={button.className}
        name="intent"
        value={button.intent}
      >
        {button.label}
      </SubmitButton>
    </Form>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: ({ message }) => (
          <>
            <h2>You cannot edit this letter</h2>
            <p>{message} Only its organizers and the owners edit a letter.</p>
          </>
        ),
      }}
    />
  )
}
