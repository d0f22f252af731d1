import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { ListingRequirement } from '#db/schema'
import type { LetterPolicy } from '~/models/letter.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextareaField } from '~/components/forms'
import {
  ALLOWED_PROFESSION_MAX_LENGTH,
  ALLOWED_PROFESSIONS_MAX,
  LISTING_REQUIREMENTS,
  letterPolicySchema,
} from '~/schemas/letter-policy'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import {
  getPolicyPage,
  saveLetterPolicy,
  type PolicyEffect,
  type RegistryOption,
} from '~/services/letter-policy.server'
import { configuredRegistries } from '~/services/registries/configured-registries.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { formatCount, pluralize } from '~/utils/format'
import { readFormData } from '~/utils/request.server'
import { LISTING_REQUIREMENT_LABELS } from '~/utils/verification'
import policyStyles from '~/styles/verification-policy.css'

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: letterPolicySchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const outcome = await saveLetterPolicy(getDb(), access, submission.value, configuredRegistries(getEnv()))
  const here = `/admin/letters/${access.letter.id}/verification`
  switch (outcome.kind) {
    case 'unknown-registries':
      return data(
        {
          result: submission.reply({
            fieldErrors: {
              licenceRegistries: outcome.ids.map(
                (id) => `“${id}” is not a licence registry this install can consult. Nothing was saved.`,
              ),
            },
          }),
        },
        { status: 400 },
      )
    case 'unchanged':
      return redirect(`${here}?done=unchanged`)
    case 'saved':
      return redirect(`${here}?done=saved`)
  }
}

function noticeFor(searchParams: URLSearchParams): string | null {
  switch (searchParams.get('done')) {
    case 'saved':
      return 'Saved. The public page, its counts and the signing form follow the new policy now.'
    case 'unchanged':
      return 'Nothing had changed, so nothing was saved.'
    default:
      return null
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const page = await getPolicyPage(getDb(), access, configuredRegistries(getEnv()))
  return {
    letterId: access.letter.id,
    ...page,
    notice: noticeFor(new URL(request.url).searchParams),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: policyStyles }]

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const parent = matches.find((match) => match.id === 'routes/admin.letters.$letterId')?.data as
    { letter?: { title?: string } } | undefined
  return [{ title: `Verification · ${parent?.letter?.title ?? 'Letter'} · Undersigned admin` }]
}

export default function LetterVerification() {
  const { letterId, policy, registries, effect, unlistedDomains, moderationRequired, notice } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <section aria-labelledby="verification-heading">
      <h2 id="verification-heading">Verification</h2>
      <p className="muted">
        Who may sign, and what a signature needs before its name is listed and counted in public.
      </p>
      {notice ? (
        <div className="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <PolicyEffectSummary letterId={letterId} effect={effect} requirement={policy.listingRequires} />
      {unlistedDomains.length ? (
        <div className="notice notice--warning">
          <p>
            {unlistedDomains.length === 1 ? 'An employer domain verifies' : 'Employer domains verify'} a
            profession that is not on the list below:{' '}
            {unlistedDomains.map((entry, index) => (
              <span key={entry.domain}>
                {index ? '; ' : null}
                {entry.domain} (“{entry.profession}”)
              </span>
            ))}
            . A signer confirmed there gets that profession all the same. Add it to the list, or change the
            domain on the <Link to={`/admin/letters/${letterId}/domains`}>Domains</Link> tab.
          </p>
        </div>
      ) : null}
      {/* Keyed by the saved policy: after a save the fields show what was stored, tidied. */}
      <PolicyForm
        key={JSON.stringify(policy)}
        policy={policy}
        registries={registries}
        effect={effect}
        moderationRequired={moderationRequired}
        lastResult={actionData?.result}
      />
    </section>
  )
}

function PolicyForm({
  policy,
  registries,
  effect,
  moderationRequired,
  lastResult,
}: {
  policy: LetterPolicy
  registries: RegistryOption[]
  effect: PolicyEffect
  moderationRequired: boolean
  lastResult?: SubmissionResult<string[]>
}) {
  const navigation = useNavigation()
  const saving = navigation.state === 'submitting'
  const [form, fields] = useForm({
    id: 'letter-policy',
    lastResult,
    defaultValue: {
      allowedProfessions: policy.allowedProfessions.join('\n'),
      listingRequires: policy.listingRequires,
      autoApproveVerified: policy.autoApproveVerified,
      licenceRegistries: policy.licenceRegistries,
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: letterPolicySchema }),
  })

  return (
    <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
      <ErrorList id={form.errorId} errors={form.errors} announce />
      <TextareaField
        label="Professions that may sign"
        field={fields.allowedProfessions}
        optional
        rows={7}
        hint={`One a line, like Attorney. Signers then choose one from this list instead of typing their own; leave it empty to let them type any profession. At most ${ALLOWED_PROFESSIONS_MAX}, each up to ${ALLOWED_PROFESSION_MAX_LENGTH} characters. Signatures already given keep their profession.`}
      />

      <RequirementChoice field={fields.listingRequires} effect={effect} />

      <fieldset className="field choice-group">
        <legend>Approval</legend>
        <label className="choice">
          <input
            {...getInputProps(fields.autoApproveVerified, { type: 'checkbox', ariaAttributes: false })}
            aria-describedby="auto-approve-hint"
          />
          <span>
            <strong>Approve signatures whose profession is verified automatically</strong>
            <span id="auto-approve-hint" className="choice__hint">
              Signatures whose profession is not verified, or that carry a flag, still wait in the moderation
              queue.
              {moderationRequired
                ? null
                : ' This letter does not review signatures at the moment (see the Letter tab), so every confirmed signature is approved anyway.'}
            </span>
          </span>
        </label>
      </fieldset>

      <RegistryChoice field={fields.licenceRegistries} registries={registries} />

      <SubmitButton pending={saving} pendingLabel="Saving…">
        Save the verification policy
      </SubmitButton>
    </Form>
  )
}

function PolicyEffectSummary({
  letterId,
  effect,
  requirement,
}: {
  letterId: number
  effect: PolicyEffect
  requirement: ListingRequirement
}) {
  const hidden = effect.approved - effect.publicUnder[requirement]
  if (effect.approved === 0) {
    return <p className="notice">No approved signatures yet.</p>
  }
  if (hidden === 0) {
    return (
      <p className="notice">
        {effect.approved === 1
          ? 'The one approved signature is public.'
          : `All ${formatCount(effect.approved)} approved signatures are public.`}
      </p>
    )
  }
  const because =
    requirement === 'profession'
      ? 'because their profession is not verified'
      : 'because their email address is not confirmed'
  return (
    <div className="notice notice--warning">
      <p>
        <strong>
          {pluralize(hidden, 'approved signature is', 'approved signatures are')} not public {because}.
        </strong>{' '}
        Public now: {formatCount(effect.publicUnder[requirement])} of {formatCount(effect.approved)}.
        {requirement === 'profession' ? (
          <>
            {' '}
            A moderator can verify them from the{' '}
            <Link to={`/admin/letters/${letterId}/queue?status=approved`}>approved signatures</Link>.
          </>
        ) : null}
      </p>
    </div>
  )
}

function RequirementChoice({
  field,
  effect,
}: {
  field: FieldMetadata<string | null | undefined>
  effect: PolicyEffect
}) {
  const invalid = Boolean(field.errors?.length)
  const hintId = `${field.id}-hint`
  return (
    <fieldset
      className={`field choice-group${invalid ? ' field--invalid' : ''}`}
      aria-describedby={[hintId, invalid ? field.errorId : null].filter(Boolean).join(' ')}
    >
      <legend>What a signature needs before the name is listed</legend>
      <p id={hintId} className="field__hint">
        The public list and the public counts follow the same rule: a signature that does not meet it is
        neither listed nor counted until it does. Organizers still see it in the queue.
      </p>
      {getCollectionProps(field, {
        type: 'radio',
        options: [...LISTING_REQUIREMENTS],
        ariaAttributes: false,
      }).map((props) => {
        const requirement = props.value as ListingRequirement
        return (
          <label className="choice" key={props.key}>
            <input {...props} />
            <span>
              <strong>{LISTING_REQUIREMENT_LABELS[requirement]}</strong>
              {effect.approved ? (
                <span className="choice__hint">
                  {formatCount(effect.publicUnder[requirement])} of {formatCount(effect.approved)} approved
                  signatures public under this rule
                </span>
              ) : null}
            </span>
          </label>
        )
      })}
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  )
}

function RegistryChoice({
  field,
  registries,
}: {
  field: FieldMetadata<string[] | null | undefined>
  registries: RegistryOption[]
}) {
  const invalid = Boolean(field.errors?.length)
  const hintId = `${field.id}-hint`
  return (
    <fieldset
      className={`field choice-group${invalid ? ' field--invalid' : ''}`}
      aria-describedby={[hintId, invalid ? field.errorId : null].filter(Boolean).join(' ')}
    >
      <legend>Licence registries</legend>
      <p id={hintId} className="field__hint">
        {registries.length
          ? 'A signer’s licence number is looked up in the registries ticked here when they confirm their email address, and again on a recheck. Imported rosters (Rosters tab) are always consulted.'
          : 'This install consults no online licence registry. Setting NPI_REGISTRY_URL on the server enables the US NPI Registry (physicians). Imported rosters (Rosters tab) work without one.'}
      </p>
      {registries.length
        ? getCollectionProps(field, {
            type: 'checkbox',
            options: registries.map((registry) => registry.id),
            ariaAttributes: false,
          }).map((props) => {
            const registry = registries.find((entry) => entry.id === props.value)!
            return (
              <label className="choice" key={props.key}>
                <input {...props} />
                <span>
                  <strong>{registry.label}</strong>
                  {registry.configured ? null : (
                    <span className="choice__hint">
                      Not configured on this install, so not consulted. Untick it to take it off this letter.
                    </span>
                  )}
                </span>
              </label>
            )
          })
        : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: ({ message }) => (
          <>
            <h1>Only organizers change the verification policy</h1>
            <p>
              {message} An organizer of this letter decides which professions may sign and what a signature
              needs to be listed.
            </p>
          </>
        ),
      }}
    />
  )
}
