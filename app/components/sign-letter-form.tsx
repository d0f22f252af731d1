import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import type { ListingRequirement } from '#db/schema'
import {
  ErrorList,
  HoneypotField,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from '~/components/forms'
import { ListingChoice } from '~/components/listing-choice'
import { signLetterSchemaFor } from '~/schemas/sign-letter'

const fieldLabels: Record<string, string> = {
  name: 'Full name',
  email: 'Email address',
  profession: 'Profession',
  organization: 'Organization',
  location: 'City or region',
  licenceNumber: 'Licence or bar number',
  comment: 'Why I sign',
  listing: 'How your name appears',
}

export function SignLetterForm({
  slug,
  lastResult,
  allowedProfessions,
  listingRequires,
}: {
  slug: string
  lastResult?: SubmissionResult<string[]> | null
  /** When the letter lists them, signers choose one instead of typing. */
  allowedProfessions: string[]
  listingRequires: ListingRequirement
}) {
  const navigation = useNavigation()
  const schema = useMemo(() => signLetterSchemaFor(allowedProfessions), [allowedProfessions])
  const submitting = navigation.state !== 'idle' && navigation.formMethod === 'POST'
  const [form, fields] = useForm({
    id: 'sign-letter',
    lastResult,
    defaultValue: { listing: 'listed' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })

  // The summary is for answers the server refused: it takes focus so the problems are read out.
  const serverErrors = lastResult?.error
    ? Object.entries(lastResult.error).filter(([, errors]) => errors?.length)
    : []

  return (
    <Form method="post" action={`/letters/${slug}`} {...getFormProps(form)} noValidate className="sign-form">
      {serverErrors.length ? (
        <div
          className="error-summary"
          role="alert"
          tabIndex={-1}
          autoFocus
          aria-labelledby="error-summary-title"
        >
          <h3 id="error-summary-title">
            {serverErrors.length === 1
              ? 'There is a problem with your signature'
              : `There are ${serverErrors.length} problems with your signature`}
          </h3>
          <ul>
            {serverErrors.map(([name, errors]) =>
              name ? (
                <li key={name}>
                  <a href={`#${form.id}-${name}`}>{errors?.[0]}</a>
                </li>
              ) : (
                <li key="form">{errors?.[0]}</li>
              ),
            )}
          </ul>
        </div>
      ) : null}
      {serverErrors.length ? null : <ErrorList id={form.errorId} errors={form.errors} announce />}
      <HoneypotField />
      <TextField label={fieldLabels.name!} field={fields.name} autoComplete="name" />
      <TextField
        label={fieldLabels.email!}
        field={fields.email}
        type="email"
        autoComplete="email"
        hint="We send a confirmation link here. It is never shown publicly."
      />
      {allowedProfessions.length ? (
        <SelectField
          label={fieldLabels.profession!}
          field={fields.profession}
          options={allowedProfessions}
          placeholder="Choose your profession"
          hint="Only these professions may sign this letter."
        />
      ) : (
        <TextField
          label={fieldLabels.profession!}
          field={fields.profession}
          autoComplete="organization-title"
          hint="For example: Deputy public defender"
        />
      )}
      <TextField label={fieldLabels.organization!} field={fields.organization} autoComplete="organization" />
      <TextField
        label={fieldLabels.location!}
        field={fields.location}
        autoComplete="address-level2"
        hint="For example: Oakland, CA"
      />
      <TextField
        label={fieldLabels.licenceNumber!}
        field={fields.licenceNumber}
        optional
        hint="Helps the organizers verify your profession. Never shown publicly."
      />
      <TextareaField
        label={fieldLabels.comment!}
        field={fields.comment}
        optional
        hint="Seen by the organizers only."
      />
      <ListingChoice field={fields.listing} legend={fieldLabels.listing} />
      <label className="choice sign-form__updates">
        <input {...getInputProps(fields.wantsUpdates, { type: 'checkbox', ariaAttributes: false })} />
        <span>Email me updates about this letter</span>
      </label>
      <p className="consent">
        By signing, you agree that your name, profession, organization and location appear on this letter
        (unless you choose to be counted only). Your email address, licence number and comment are never
        published; the organizers use them to verify signatures.
      </p>
      {listingRequires === 'profession' ? (
        <p className="sign-form__requirement">
          Your name is listed once your profession is verified: by your employer’s email domain, your licence
          number, or the organizers.
        </p>
      ) : null}
      <SubmitButton
        pending={submitting}
        pendingLabel="Signing…"
        className="button button--primary button--block"
      >
        Sign this letter
      </SubmitButton>
    </Form>
  )
}
