import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextField, RowActionForm } from '~/components/forms'
import { changeMemberRoleSchema, inviteMemberSchema, removeMemberSchema } from '~/schemas/team'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { memberRoleLabel } from '~/services/sign-in.server'
import {
  changeMemberRole,
  inviteMember,
  LAST_ORGANIZER_MESSAGE,
  listTeam,
  removeMember,
} from '~/services/team.server'
import { formatDateTime } from '~/utils/time'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readFormData } from '~/utils/request.server'
import adminRecordsStyles from '~/styles/admin-records.css'

const NOT_A_MEMBER = 'That person is no longer on this letter’s team.'

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'manage-members')
  const { user } = access
  const formData = await readFormData(request)
  const intent = formData.get('intent')

  if (intent === 'remove') {
    const submission = parseWithZod(formData, { schema: removeMemberSchema })
    if (submission.status !== 'success') {
      return data({ intent: 'remove', result: submission.reply(), notice: null }, { status: 400 })
    }
    const outcome = await removeMember(db, access, submission.value.userId)
    if (outcome.kind === 'last-organizer' || outcome.kind === 'not-a-member') {
      const message = outcome.kind === 'last-organizer' ? LAST_ORGANIZER_MESSAGE : NOT_A_MEMBER
      return data(
        { intent: 'remove', result: submission.reply({ formErrors: [message] }), notice: null },
        { status: 409 },
      )
    }
    // Someone who removed themselves no longer has this page (unless they own the site).
    if (outcome.user.id === user.id && user.role !== 'owner') throw redirect('/admin')
    return data({
      intent: 'remove',
      result: submission.reply({ resetForm: true }),
      notice: `${outcome.user.display_name} (${outcome.user.email}) is no longer on the team.`,
    })
  }

  if (intent === 'change-role') {
    const submission = parseWithZod(formData, { schema: changeMemberRoleSchema })
    if (submission.status !== 'success') {
      return data({ intent: 'change-role', result: submission.reply(), notice: null }, { status: 400 })
    }
    const outcome = await changeMemberRole(db, access, submission.value)
    if (outcome.kind === 'last-organizer' || outcome.kind === 'not-a-member') {
      const message = outcome.kind === 'last-organizer' ? LAST_ORGANIZER_MESSAGE : NOT_A_MEMBER
      return data(
        { intent: 'change-role', result: submission.reply({ formErrors: [message] }), notice: null },
        { status: 409 },
      )
    }
    if (outcome.kind === 'done' && outcome.user.id === user.id && user.role !== 'owner') {
      throw redirect(`/admin/letters/${access.letter.id}/queue`)
    }
    const name = `${outcome.user.display_name} (${outcome.user.email})`
    return data({
      intent: 'change-role',
      result: submission.reply({ resetForm: true }),
      notice:
        outcome.kind === 'unchanged'
          ? `${name} already is ${memberRoleLabel[submission.value.role]}.`
          : `${name} is now ${memberRoleLabel[submission.value.role]}.`,
    })
  }

  // The invitation form (and anything unrecognizable, which then fails its validation).
  const submission = parseWithZod(formData, { schema: inviteMemberSchema })
  if (submission.status !== 'success') {
    return data({ intent: 'invite', result: submission.reply(), notice: null }, { status: 400 })
  }
  const outcome = await inviteMember(db, access, submission.value, getEnv().APP_URL)
  if (outcome.kind === 'last-organizer') {
    return data(
      { intent: 'invite', result: submission.reply({ formErrors: [LAST_ORGANIZER_MESSAGE] }), notice: null },
      { status: 409 },
    )
  }
  wakeOutboxWorker()
  const { user: invited, previousRole } = outcome
  const role = submission.value.role
  return data({
    intent: 'invite',
    result: submission.reply({ resetForm: true }),
    notice:
      previousRole === null
        ? `${invited.email} is now ${memberRoleLabel[role]} of this letter. We emailed them a sign-in link.`
        : `${invited.email} was already on the team; they are now ${memberRoleLabel[role]}, and we emailed them a fresh sign-in link.`,
  })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'manage-members')
  const { user } = access
  const members = await listTeam(db, access)
  return {
    letterTitle: access.letter.title,
    currentUserId: user.id,
    members: members.map((member) => ({
      id: member.id,
      name: member.display_name,
      email: member.email,
      role: member.role,
      lastSignIn: member.last_sign_in_at ? formatDateTime(member.last_sign_in_at) : null,
      lastSignInAt: member.last_sign_in_at,
    })),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Team · ${data?.letterTitle ?? 'Letter'} · Undersigned admin` },
]

export default function LetterTeam() {
  const { members, currentUserId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const rowErrors =
    actionData && actionData.intent !== 'invite'
      ? Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? [])
      : null

  const [form, fields] = useForm({
    id: 'invite-member',
    lastResult: actionData?.intent === 'invite' ? actionData.result : undefined,
    defaultValue: { role: 'moderator' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteMemberSchema }),
  })

  return (
    <section aria-labelledby="team-heading">
      <h2 id="team-heading">Team</h2>
      <p className="muted">
        Organizers edit the letter, moderate it and manage this team. Moderators approve and reject
        signatures. Owners of this site can reach every letter.
      </p>
      {actionData?.notice ? (
        <div className="notice" role="status">
          <p>{actionData.notice}</p>
        </div>
      ) : null}
      <ErrorList errors={rowErrors} announce />

      {members.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Members of this letter’s team</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.id}>
                  <th scope="row">
                    {member.name}
                    {member.id === currentUserId ? <span className="muted"> (you)</span> : null}
                  </th>
                  <td>{member.email}</td>
                  <td>
                    <Form method="post" className="row-form">
                      <input type="hidden" name="userId" value={member.id} />
                      <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                        Role of {member.name}
                      </label>
                      <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                        <option value="moderator">moderator</option>
                        <option value="organizer">organizer</option>
                      </select>
                      <button
                        type="submit"
                        name="intent"
                        value="change-role"
                        className="button button--secondary button--small"
                        aria-label={`Change the role of ${member.name}`}
                      >
                        Change
                      </button>
                    </Form>
                  </td>
                  <td>
                    {member.lastSignInAt ? (
                      <time dateTime={member.lastSignInAt}>{member.lastSignIn}</time>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>
                    <RowActionForm
                      idName="userId"
                      id={member.id}
                      intent="remove"
                      label={
                        member.id === currentUserId
                          ? 'Remove yourself from the team'
                          : `Remove ${member.name} from the team`
                      }
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
        <p className="notice">
          Nobody is on this letter’s team yet. Invite an organizer or a moderator below.
        </p>
      )}

      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h3 id="invite-heading">Invite someone</h3>
        <p className="muted">
          They get an email with a sign-in link. People without an account get one; nobody chooses a password.
        </p>
        <ErrorList id={form.errorId} errors={form.errors} announce />
        <TextField label="Email address" field={fields.email} type="email" autoComplete="off" />
        <TextField
          label="Name"
          field={fields.displayName}
          optional
          hint="How the team and the audit log name them, if they have no account yet."
          autoComplete="off"
        />
        <fieldset
          className={`field choice-group${fields.role.errors?.length ? ' field--invalid' : ''}`}
          aria-describedby={fields.role.errors?.length ? fields.role.errorId : undefined}
        >
          <legend>Role</legend>
          <label className="choice">
            <input
              {...getInputProps(fields.role, { type: 'radio', value: 'moderator', ariaAttributes: false })}
            />
            <span>
              <strong>Moderator</strong>: approves and rejects signatures
            </span>
          </label>
          <label className="choice">
            <input
              {...getInputProps(fields.role, { type: 'radio', value: 'organizer', ariaAttributes: false })}
              id={`${fields.role.id}-organizer`}
            />
            <span>
              <strong>Organizer</strong>: also edits the letter and manages this team
            </span>
          </label>
          <ErrorList id={fields.role.errorId} errors={fields.role.errors} />
        </fieldset>
        <SubmitButton
          pending={pendingIntent === 'invite'}
          pendingLabel="Sending the invitation…"
          name="intent"
          value="invite"
        >
          Send the invitation
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
            <h1>Only organizers manage the team</h1>
            <p>{message} An organizer of this letter can change who is on its team.</p>
          </>
        ),
      }}
    />
  )
}
