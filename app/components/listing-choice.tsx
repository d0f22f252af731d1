import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { ErrorList } from '~/components/forms'

/**
 * "List my name" or "Count me": the same words wherever a signer chooses, when signing and later.
 * Either a legend, or the id of a heading that already names the choice.
 */
export function ListingChoice({
  field,
  legend,
  labelledBy,
}: {
  field: FieldMetadata<string | null | undefined>
  legend?: string
  labelledBy?: string
}) {
  const invalid = Boolean(field.errors?.length)
  return (
    <fieldset
      className={`field choice-group${invalid ? ' field--invalid' : ''}`}
      aria-labelledby={labelledBy}
      aria-describedby={invalid ? field.errorId : undefined}
    >
      {legend ? <legend>{legend}</legend> : null}
      <label className="choice">
        <input {...getInputProps(field, { type: 'radio', value: 'listed', ariaAttributes: false })} />
        <span>
          <strong>List my name</strong> with my profession, organization and location
        </span>
      </label>
      <label className="choice">
        <input
          {...getInputProps(field, { type: 'radio', value: 'counted', ariaAttributes: false })}
          id={`${field.id}-counted`}
        />
        <span>
          <strong>Count me</strong> without showing my name
        </span>
      </label>
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  )
}
