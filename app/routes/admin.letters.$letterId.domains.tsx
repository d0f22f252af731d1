import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextField, RowActionForm } from '~/components/forms'
import { addEmployerDomainSchema, removeEmployerDomainSchema } from '~/schemas/employer-domain'
import { addDomain, listDomains, removeDomain } from '~/services/employer-domains.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { getDb } from '~/utils/db.server'
import { readFormData } from '~/utils/request.server'
import adminRecordsStyles from '~/styles/admin-records.css'

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const formData = await readFormData(request)

  if (formData.get('intent') === 'remove') {
    const submission = parseWithZod(formData, { schema: removeEmployerDomainSchema })
    if (submission.status !== 'success') {
      return data({ intent: 'remove', result: submission.reply(), notice: null }, { status: 400 })
    }
    const removed = await removeDomain(db, access, submission.value.domainId)
    if (!removed) {
      return data(
        {
          intent: 'remove',
          result: submission.reply({ formErrors: ['That domain is no longer on this letter’s list.'] }),
          notice: null,
        },
        { status: 409 },
      )
    }
    return data({
      intent: 'remove',
      result: submission.reply({ resetForm: true }),
      notice: `${removed.domain} is no longer on the list. Signatures it already verified keep their record.`,
    })
  }

  // The add form (and anything unrecognizable, which then fails its validation).
  const submission = parseWithZod(formData, { schema: addEmployerDomainSchema })
  if (submission.status !== 'success') {
    return data({ intent: 'add', result: submission.reply(), notice: null }, { status: 400 })
  }
  const outcome = await addDomain(db, access, submission.value)
  if (outcome.kind === 'duplicate') {
    return data(
      {
        intent: 'add',
        result: submission.reply({
          fieldErrors: { domain: [`${submission.value.domain} is already on this letter’s list.`] },
        }),
        notice: null,
      },
      { status: 400 },
    )
  }
  const { entry } = outcome
  return data({
    intent: 'add',
    result: submission.reply({ resetForm: true }),
    notice: `Added ${entry.domain}${entry.include_subdomains ? ' and its subdomains' : ''}: confirmed addresses there are verified as ${entry.profession} at ${entry.organization}.`,
  })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const domains = await listDomains(db, access)
  return {
    letterTitle: access.letter.title,
    domains: domains.map((entry) => ({
      id: entry.id,
      domain: entry.domain,
      includeSubdomains: entry.include_subdomains === 1,
      organization: entry.organization,
      profession: entry.profession,
    })),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Domains · ${data?.letterTitle ?? 'Letter'} · Undersigned admin` },
]

export default function LetterDomains() {
  const { domains } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const rowErrors =
    actionData?.intent === 'remove'
      ? Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? [])
      : null

  const [form, fields] = useForm({
    id: 'add-domain',
    lastResult: actionData?.intent === 'add' ? actionData.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addEmployerDomainSchema }),
  })

  return (
    <section aria-labelledby="domains-heading">
      <h2 id="domains-heading">Employer email domains</h2>
      <p className="muted">
        A signer who confirms an address at one of these domains is verified: their profession and
        organization become the domain’s. Look-alike domains never match.
      </p>
      {actionData?.notice ? (
        <div className="notice" role="status">
          <p>{actionData.notice}</p>
        </div>
      ) : null}
      <ErrorList errors={rowErrors} announce />

      {domains.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">This letter’s employer email domains</caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Subdomains</th>
                <th scope="col">Organization</th>
                <th scope="col">Profession</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {domains.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{entry.domain}</th>
                  <td>{entry.includeSubdomains ? 'included' : 'exact domain only'}</td>
                  <td>{entry.organization}</td>
                  <td>{entry.profession}</td>
                  <td>
                    <RowActionForm
                      idName="domainId"
                      id={entry.id}
                      intent="remove"
                      label={`Remove ${entry.domain}`}
                    >
                      Remove
                    </RowActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">No domains yet: confirming an email verifies the address only.</p>
      )}

      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h3>Add a domain</h3>
        <ErrorList id={form.errorId} errors={form.errors} announce />
        <TextField
          label="Domain"
          field={fields.domain}
          hint="The part after the @, like pd.lacounty.gov"
          autoComplete="off"
        />
        <label className="choice">
          <input {...getInputProps(fields.includeSubdomains, { type: 'checkbox', ariaAttributes: false })} />
          <span>Include its subdomains (trial.pd.lacounty.gov, …)</span>
        </label>
        <TextField label="Organization" field={fields.organization} autoComplete="off" />
        <TextField
          label="Profession"
          field={fields.profession}
          hint="What an address there verifies, like Public defender"
          autoComplete="off"
        />
        <SubmitButton pending={pendingIntent === 'add'} pendingLabel="Adding…" name="intent" value="add">
          Add the domain
        </SubmitButton>
      </Form>
    </section>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: ({ message }) => (
          <>
            <h1>Only organizers manage the domains</h1>
            <p>{message} An organizer of this letter can change which employer domains verify signers.</p>
          </>
        ),
      }}
    />
  )
}
