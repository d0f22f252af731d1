import { render } from '@react-email/render'
import { createElement, type ComponentType } from 'react'
import { LetterUpdateEmail, letterUpdateSubject, type LetterUpdateProps } from './letter-update'
import { AlreadySignedEmail, alreadySignedSubject, type AlreadySignedProps } from './already-signed'
import {
  SignatureApprovedEmail,
  signatureApprovedSubject,
  SignatureRejectedEmail,
  signatureRejectedSubject,
  type SignatureApprovedProps,
  type SignatureRejectedProps,
} from './signature-decided'
import { SignInLinkEmail, signInLinkSubject, type SignInLinkProps } from './sign-in-link'
import {
  ImportedSignatureInviteEmail,
  importedSignatureInviteSubject,
  type ImportedSignatureInviteProps,
} from './imported-signature-invite'
import {
  ConfirmSignatureEmail,
  confirmSignatureSubject,
  type ConfirmSignatureProps,
} from './confirm-signature'

type Template<Props> = {
  subject: (props: Props) => string
  component: ComponentType<Props>
}

export const emailTemplates = {
  'confirm-signature': {
    subject: confirmSignatureSubject,
    component: ConfirmSignatureEmail,
  } satisfies Template<ConfirmSignatureProps>,
  'already-signed': {
    subject: alreadySignedSubject,
    component: AlreadySignedEmail,
  } satisfies Template<AlreadySignedProps>,
  'sign-in-link': {
    subject: signInLinkSubject,
    component: SignInLinkEmail,
  } satisfies Template<SignInLinkProps>,
  'signature-approved': {
    subject: signatureApprovedSubject,
    component: SignatureApprovedEmail,
  } satisfies Template<SignatureApprovedProps>,
  'signature-rejected': {
    subject: signatureRejectedSubject,
    component: SignatureRejectedEmail,
  } satisfies Template<SignatureRejectedProps>,
  'imported-signature-invite': {
    subject: importedSignatureInviteSubject,
    component: ImportedSignatureInviteEmail,
  } satisfies Template<ImportedSignatureInviteProps>,
  'letter-update': {
    subject: letterUpdateSubject,
    component: LetterUpdateEmail,
  } satisfies Template<LetterUpdateProps>,
}

export type EmailTemplateName = keyof typeof emailTemplates
export type EmailProps<Name extends EmailTemplateName> = Parameters<
  (typeof emailTemplates)[Name]['component']
>[0]

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(emailTemplates, name)
}

export async function renderEmail<Name extends EmailTemplateName>(
  name: Name,
  props: EmailProps<Name>,
): Promise<{ html: string; text: string }> {
  // The map ties each name to its props; TypeScript cannot follow that through the lookup.
  const component = emailTemplates[name].component as ComponentType<object>
  const element = createElement(component, props as object)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  return { html, text }
}
