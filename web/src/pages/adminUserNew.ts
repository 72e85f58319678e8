// Create a user: user name, name, role, agency and an initial password,
// checked here as the server checks them (src/services/admin_service.cpp,
// src/access/password_policy.cpp); the server alone knows the common
// passwords and the names taken, and says so in the error summary. The
// draft stays in memory. An administrator's account comes back with its
// second-factor secret, shown once in the banner on the users page.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { loadAgencies } from '../data'
import type { User } from '../types'
import { errorFor, input, select, type FieldError } from '../ui/govuk'
import { loadRoles, mayManageUsers, roleName } from './adminUser'
import { agencyGroups, checkText, codeRadios, formButtons, formPage, refused, saved, textField } from './caseForm'

const USERNAME = /^[a-z0-9._-]{1,64}$/
const MIN_PASSWORD = 12 // characters
const MAX_PASSWORD_BYTES = 256

const fields = {
  ids: { username: 'username', display_name: 'display-name', role: 'role', agency: 'agency', password: 'password' },
  // The server's password messages are sentences of their own.
  names: { username: 'The user name', display_name: 'The name', role: 'The role', agency: 'The agency', password: '' },
  fallback: 'username',
}

function tidy(e: FieldError): FieldError {
  const message = e.message.trim()
  return { ...e, message: message === 'The user name is taken' ? 'The user name is taken: choose another' : message }
}

function checkPassword(errors: FieldError[], password: string, username: string): void {
  const add = (message: string) => errors.push({ id: 'password', message })
  if (!password) add('Enter an initial password')
  else if ([...password].length < MIN_PASSWORD) add(`The password must be at least ${MIN_PASSWORD} characters`)
  else if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) add('The password is too long: use fewer characters')
  else if (username && password.toLowerCase().includes(username.toLowerCase())) add('The password must not contain the user name')
}

export async function newUserPage(ctx: PageContext): Promise<void> {
  if (!mayManageUsers(ctx)) return
  const [roles, agencies] = await Promise.all([loadRoles(), loadAgencies()])
  if (!ctx.current()) return
  const roleNames = Object.fromEntries(roles.map((r) => [r.role, roleName(r.role)]))
  const d = { username: '', displayName: '', role: '', agency: '', password: '' }

  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { title: 'Create a user', caption: 'Users', back: '/admin/users', errors },
      html`<form novalidate @submit=${submit}>
        ${input({
          id: 'username',
          label: 'User name',
          labelSize: 's',
          hint: 'What they type to sign in: up to 64 lower-case letters a to z, numbers 0 to 9, full stops, hyphens and underscores, like s.patel.',
          value: d.username,
          error: errorFor(errors, 'username'),
          spellcheck: false,
          autocomplete: 'off',
          width: 'govuk-input--width-20',
        })}
        ${textField('display-name', 'Name', d.displayName, errors, 'As colleagues will see it on records, like PC Sam Patel.')}
        ${codeRadios({
          name: 'role',
          legend: 'Role',
          names: roleNames,
          value: d.role,
          errors,
          hint: html`The role decides what they may do. <a class="govuk-link" href="/admin/roles">What each role may do</a>.`,
          hints: { admin: 'Signs in with a security code as well: the secret for their authenticator app is shown once, after the account is created.' },
        })}
        ${select({
          id: 'agency',
          label: html`<span class="govuk-!-font-weight-bold">Agency</span>`,
          hint: 'They see their own agency’s records, and what other agencies share with it.',
          value: d.agency,
          error: errorFor(errors, 'agency'),
          groups: agencyGroups(agencies),
        })}
        ${input({
          id: 'password',
          label: 'Initial password',
          labelSize: 's',
          hint: `At least ${MIN_PASSWORD} characters. It must not contain the user name or be a commonly used password. Give it to them in a secure way.`,
          type: 'password',
          value: d.password,
          error: errorFor(errors, 'password'),
          spellcheck: false,
          autocomplete: 'new-password',
          width: 'govuk-input--width-20',
        })}
        ${formButtons('Create user', '/admin/users')}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const v = formValues(form)
    d.username = v.get('username')
    d.displayName = v.get('display-name')
    d.role = v.get('role')
    d.agency = v.get('agency')
    d.password = (form.elements.namedItem('password') as HTMLInputElement).value // spaces count
    const errors: FieldError[] = []
    if (!d.username) errors.push({ id: 'username', message: 'Enter a user name' })
    else if (!USERNAME.test(d.username)) {
      errors.push({ id: 'username', message: 'The user name must be up to 64 lower-case letters a to z, numbers 0 to 9, full stops, hyphens and underscores' })
    }
    checkText(errors, 'display-name', d.displayName, { missing: 'Enter their name as colleagues will see it', name: 'The name' })
    if (!d.role) errors.push({ id: 'role', message: 'Choose a role' })
    if (!d.agency) errors.push({ id: 'agency', message: 'Choose their agency' })
    checkPassword(errors, d.password, d.username)
    if (errors.length) return show(errors)
    try {
      const created = await post<User & { totp_secret?: string }>('/api/v1/users', {
        username: d.username,
        display_name: d.displayName,
        role: d.role,
        agency: d.agency,
        password: d.password,
      })
      await saved(
        ctx,
        '/admin/users',
        `${created.display_name} can sign in as ${created.username}`,
        created.totp_secret
          ? html`<p class="govuk-body">
              Their security code comes from an authenticator app set up with this secret, shown only now:
              <span class="app-id">${created.totp_secret}</span>
            </p>`
          : html`<p class="govuk-body">Give them their initial password in a secure way.</p>`,
      )
    } catch (e) {
      refused(ctx, e, (errors) => show(errors.map(tidy)), fields)
    }
  }

  show()
}
