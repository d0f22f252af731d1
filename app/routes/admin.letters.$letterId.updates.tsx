import { getFormProps, useForm, type Submission, type SubmissionResult } from '@conform-to/react'
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
import type { FormEvent } from 'react'
import type { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextareaField, TextField, RowActionForm } from '~/components/forms'
import { MARKDOWN_PREVIEW_ACTION, useLivePreview } from '~/components/letter-form'
import { countUpdateRecipients } from '~/models/letter-update.server'
import { normalizeLetterBody } from '~/schemas/letter'
import {
  deleteLetterUpdateSchema,
  letterUpdatePreviewSchema,
  letterUpdateSchema,
  type LetterUpdateInput,
} from '~/schemas/letter-update'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import {
  findUpdateForAdmin,
  listUpdatesForAdmin,
  publishUpdate,
  removeUpdate,
  reviseUpdate,
  updateAnchor,
} from '~/services/letter-updates.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { readFormData } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import editorStyles from '~/styles/editor.css'

// A letter's updates (issue 7): write one, publish it (emailed to the signers who asked), and
// correct or delete past ones. Organizers and owners only.

const GONE = 'This update no longer exists: someone deleted it. Reload the page.'

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const pageUrl = `/admin/letters/${access.letter.id}/updates`
  const formData = await readFormData(request)
  const intent = formData.get('intent') ?? 'publish'

  if (intent === 'preview') {
    const submission = parseWithZod(formData, { schema: letterUpdatePreviewSchema })
    const body = normalizeLetterBody(submission.payload.bodyMarkdown?.toString() ?? '')
    // Previewing checks nothing: the form comes back as typed, with the preview beside it.
    return data({
      intent: 'write' as const,
      result: submission.reply(),
      previewHtml: renderLetterMarkdown(body),
    })
  }

  if (intent === 'delete') {
    const submission = parseWithZod(formData, { schema: deleteLetterUpdateSchema })
    if (submission.status !== 'success') {
      return data(
        { intent: 'delete' as const, result: submission.reply(), previewHtml: null },
        { status: 400 },
      )
    }
    const removed = await removeUpdate(db, access, submission.value.updateId)
    if (!removed) {
      return data(
        { intent: 'delete' as const, result: submission.reply({ formErrors: [GONE] }), previewHtml: null },
        { status: 409 },
      )
    }
    return redirect(`${pageUrl}?done=deleted`)
  }

  const submission = parseWithZod(formData, { schema: letterUpdateSchema })
  const refuse = (errors: string[], status: number) =>
    data(
      { intent: 'write' as const, result: submission.reply({ formErrors: errors }), previewHtml: null },
      { status },
    )
  if (intent !== 'publish' && intent !== 'save') {
    return refuse(['That button does nothing here. Reload the page and try again.'], 400)
  }
  if (submission.status !== 'success') {
    return data({ intent: 'write' as const, result: submission.reply(), previewHtml: null }, { status: 400 })
  }
  const { updateId, ...input } = submission.value

  if (intent === 'save') {
    if (updateId === undefined)
      return refuse(['Choose the update to change. Reload the page and try again.'], 400)
    const revised = await reviseUpdate(db, access, updateId, input)
    if (!revised) return refuse([GONE], 409)
    return redirect(`${pageUrl}?done=edited`)
  }

  // A new update: an `updateId` here would be a stale edit form's, so it is refused, not published.
  if (updateId !== undefined) return refuse(['Reload the page and try again.'], 400)
  const { emailed } = await publishUpdate(db, access, input, getEnv().APP_URL)
  wakeOutboxWorker()
  return redirect(`${pageUrl}?done=published&emailed=${emailed}`)
}

function noticeFor(searchParams: URLSearchParams): string | null {
  switch (searchParams.get('done')) {
    case 'published': {
      const emailed = Number(searchParams.get('emailed'))
      if (!Number.isSafeInteger(emailed) || emailed < 0) return 'Published.'
      return emailed === 0
        ? 'Published on the letter’s page and in its feed. No signer has asked for updates yet, so nobody was emailed.'
        : `Published on the letter’s page and in its feed, and emailed to ${emailed.toLocaleString('en-US')} ${emailed === 1 ? 'signer' : 'signers'}.`
    }
    case 'edited':
      return 'Saved. The page and the feed show the corrected update; nobody is emailed again.'
    case 'deleted':
      return 'Deleted from the letter’s page and its feed. Emails already sent cannot be recalled.'
    default:
      return null
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const url = new URL(request.url)
  const editParam = url.searchParams.get('edit')
  const editId = editParam && /^[1-9]\d{0,9}$/.test(editParam) ? Number(editParam) : null
  const [updates, editing, recipients] = await Promise.all([
    listUpdatesForAdmin(db, access),
    editId ? findUpdateForAdmin(db, access, editId) : null,
    countUpdateRecipients(db, access.letter.id),
  ])
  return {
    letter: { id: access.letter.id, slug: access.letter.slug, title: access.letter.title },
    updates: updates.map((update) => ({
      id: update.id,
      anchor: updateAnchor(update),
      title: update.title,
      html: renderLetterMarkdown(update.body_markdown),
      publishedAt: update.published_at,
      editedAt: update.edited_at,
    })),
    editing: editing
      ? {
          id: editing.id,
          title: editing.title,
          bodyMarkdown: editing.body_markdown,
          html: renderLetterMarkdown(editing.body_markdown),
        }
      : null,
    editMissing: editId !== null && !editing,
    recipients,
    notice: noticeFor(url.searchParams),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: editorStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Updates · ${data?.letter.title ?? 'Letter'} · Undersigned admin` },
]

/** The live preview posts to its own route: this page's data does not change with it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === MARKDOWN_PREVIEW_ACTION ? false : defaultShouldRevalidate

export default function LetterUpdates() {
  const { letter, updates, editing, editMissing, recipients, notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const deleteErrors =
    actionData?.intent === 'delete'
      ? Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? [])
      : null

  return (
    <div className="letter-updates">
      {notice ? (
        <div className="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <ErrorList
        errors={editMissing ? ['That update no longer exists: someone deleted it.'] : deleteErrors}
        announce
      />

      <section aria-labelledby="write-heading">
        <h2 id="write-heading">{editing ? `Correct “${editing.title}”` : 'Write an update'}</h2>
        <p className="muted">
          {editing
            ? 'Saving changes the update on the letter’s page and in its feed. It is not emailed again.'
            : recipients === 0
              ? 'Publishing shows the update on the letter’s page and in its Atom feed. No signer has asked for update emails yet, so nobody is emailed.'
              : `Publishing shows the update on the letter’s page and in its Atom feed, and emails it at once to ${
                  recipients === 1 ? 'the 1 signer' : `the ${recipients.toLocaleString('en-US')} signers`
                } who asked for updates and confirmed their address.`}
        </p>
        <UpdateForm
          // A fresh form for each update edited, and after each publication.
          key={editing ? `edit-${editing.id}` : `new-${updates.length}`}
          editing={editing}
          lastResult={actionData?.intent === 'write' ? actionData.result : null}
          previewHtml={actionData?.intent === 'write' ? actionData.previewHtml : null}
          pendingIntent={typeof pendingIntent === 'string' ? pendingIntent : null}
          cancelTo={`/admin/letters/${letter.id}/updates`}
        />
      </section>

      <section aria-labelledby="published-heading" className="letter-updates__published">
        <h2 id="published-heading">Published updates</h2>
        {updates.length ? (
          <ol className="update-list" reversed>
            {updates.map((update) => (
              <li key={update.id} className="panel update-list__item">
                <h3>{update.title}</h3>
                <p className="muted">
                  Published {formatDateTime(update.publishedAt)}
                  {update.editedAt ? ` · corrected ${formatDateTime(update.editedAt)}` : null} ·{' '}
                  <Link to={`/letters/${letter.slug}#${update.anchor}`}>on the letter’s page</Link>
                </p>
                <div className="prose" dangerouslySetInnerHTML={{ __html: update.html }} />
                <div className="row-actions">
                  <Link
                    to={`?edit=${update.id}#write-heading`}
                    className="button button--secondary"
                    aria-label={`Correct “${update.title}”`}
                  >
                    Correct
                  </Link>
                  <RowActionForm
                    idName="updateId"
                    id={update.id}
                    intent="delete"
                    label={`Delete “${update.title}”`}
                  >
                    Delete
                  </RowActionForm>
                </div>
              </li>
            ))}
          </ol>
        ) : (
          <p className="notice">
            No updates yet. Tell signers what became of the letter: “Delivered to the legislature today”.
          </p>
        )}
        <p>
          Feed for readers and newsreaders:{' '}
          <a href={`/letters/${letter.slug}/updates.atom`}>/letters/{letter.slug}/updates.atom</a>
        </p>
      </section>
    </div>
  )
}

type UpdateFormShape = z.input<typeof letterUpdateSchema>

function UpdateForm({
  editing,
  lastResult,
  previewHtml,
  pendingIntent,
  cancelTo,
}: {
  editing: { id: number; title: string; bodyMarkdown: string; html: string } | null
  lastResult: SubmissionResult<string[]> | null
  previewHtml: string | null
  pendingIntent: string | null
  cancelTo: string
}) {
  const [form, fields] = useForm<UpdateFormShape, LetterUpdateInput>({
    id: editing ? `edit-update-${editing.id}` : 'new-update',
    lastResult,
    defaultValue: editing ? { title: editing.title, bodyMarkdown: editing.bodyMarkdown } : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData, submitter }) =>
      submitter?.getAttribute('value') === 'preview'
        ? // "Preview" checks nothing, so a half-written update can be previewed.
          (parseWithZod(formData, { schema: letterUpdatePreviewSchema }) as unknown as Submission<
            UpdateFormShape,
            string[],
            LetterUpdateInput
          >)
        : parseWithZod(formData, { schema: letterUpdateSchema }),
  })
  const preview = useLivePreview(previewHtml ?? editing?.html ?? '')

  function onInput(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLTextAreaElement
    if (target.name === fields.bodyMarkdown.name) preview.schedule(target.value)
  }

  return (
    <Form method="post" {...getFormProps(form)} noValidate className="letter-form" onInput={onInput}>
      {editing ? <input type="hidden" name="updateId" value={editing.id} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} announce />
      <TextField label="Title" field={fields.title} hint="For example: Delivered to the legislature today" />
      <div className="editor-pane">
        <div className="editor-pane__source">
          <TextareaField
            label="Text of the update"
            field={fields.bodyMarkdown}
            rows={10}
            hint={
              <>
                Markdown: <code>**bold**</code>, <code>*italic*</code>, <code>- list item</code>,{' '}
                <code>[link](https://…)</code>. A blank line starts a new paragraph.
              </>
            }
          />
        </div>
        <section className="editor-pane__preview" aria-labelledby={`${form.id}-preview-heading`}>
          <h3 id={`${form.id}-preview-heading`} className="editor-pane__heading">
            Preview
            {preview.pending ? <span className="editor-pane__status"> updating…</span> : null}
          </h3>
          {preview.error ? <p className="field-errors">{preview.error}</p> : null}
          <div className="prose editor-pane__prose" dangerouslySetInnerHTML={{ __html: preview.html }} />
        </section>
      </div>
      <div className="editor-actions">
        {editing ? (
          <SubmitButton pending={pendingIntent === 'save'} pendingLabel="Saving…" name="intent" value="save">
            Save changes
          </SubmitButton>
        ) : (
          <SubmitButton
            pending={pendingIntent === 'publish'}
            pendingLabel="Publishing…"
            name="intent"
            value="publish"
          >
            Publish and email
          </SubmitButton>
        )}
        <button type="submit" name="intent" value="preview" className="button button--secondary">
          Preview
        </button>
        {editing ? (
          <Link to={cancelTo} className="button button--secondary">
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: ({ message }) => (
          <>
            <h1>Only organizers write updates</h1>
            <p>{message} An organizer of this letter can publish updates to its signers.</p>
          </>
        ),
      }}
    />
  )
}
