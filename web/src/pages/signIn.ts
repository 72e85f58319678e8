import { html } from 'lit-html'
import { ApiError, get, post } from '../api'
import { formValues, navigate, route, sessionCheckedAfterSignIn, signIn, type PageContext } from '../app'
import * as session from '../session'
import { button, errorFor, input, notificationBanner, type FieldError } from '../ui/govuk'

interface SignedInAnswer {
  user: { id: string; username: string; display_name: string; role: string; agency_id: string }
  csrf_token: string
}

function signInPage(ctx: PageContext): void {
  if (session.signedIn()) {
    void navigate('/', { replace: true })
    return
  }
  const notice = signIn.notice
  let username = ''

  const banner =
    notice === 'expired'
      ? notificationBanner({
          heading: 'Your session has ended',
          body: html`<p class="govuk-body">
            You were signed out because Threadline was not used for a while, or you signed out
            somewhere else. Sign in again to carry on. Anything you had not saved has not been kept.
          </p>`,
        })
      : undefined

  const show = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Sign in',
      errors,
      banner,
      content: html`<div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" tabindex="-1">Sign in to Threadline</h1>
          <form novalidate @submit=${submit}>
            ${input({
              id: 'username',
              label: 'User name',
              value: username,
              error: errorFor(errors, 'username'),
              autocomplete: 'username',
              spellcheck: false,
              width: 'govuk-!-width-two-thirds',
            })}
            ${input({
              id: 'password',
              label: 'Password',
              type: 'password',
              error: errorFor(errors, 'password'),
              autocomplete: 'current-password',
              width: 'govuk-!-width-two-thirds',
            })}
            ${input({
              id: 'totp-code',
              name: 'totp_code',
              label: 'Security code (administrators only)',
              hint: 'The 6-digit code from your authenticator app. Leave this blank if you are not an administrator.',
              error: errorFor(errors, 'totp-code'),
              autocomplete: 'one-time-code',
              inputmode: 'numeric',
              spellcheck: false,
              width: 'govuk-input--width-5',
            })}
            ${button('Sign in')}
          </form>
          <h2 class="govuk-heading-m">Not working for an agency?</h2>
          <p class="govuk-body">
            <a class="govuk-link" href="/self-referral">Refer yourself or someone else</a> to get help.
          </p>
        </div>
      </div>`,
    })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const form = formValues(event.target as HTMLFormElement)
    username = form.get('username')
    const password = (event.target as HTMLFormElement).password.value as string
    const code = form.get('totp_code').replace(/\s+/g, '')
    const errors: FieldError[] = []
    if (!username) errors.push({ id: 'username', message: 'Enter your user name' })
    if (!password) errors.push({ id: 'password', message: 'Enter your password' })
    if (code && !/^\d{6}$/.test(code)) {
      errors.push({ id: 'totp-code', message: 'Enter the security code as 6 digits, like 123456' })
    }
    if (errors.length) return show(errors)
    try {
      const body: Record<string, string> = { username, password }
      if (code) body.totp_code = code
      const answer = await post<SignedInAnswer>('/api/v1/session', body)
      session.start(
        {
          userId: answer.user.id,
          agencyId: answer.user.agency_id,
          role: answer.user.role,
          actions: [],
          displayName: answer.user.display_name,
        },
        answer.csrf_token,
      )
      const me = await get<{ actions: string[] }>('/api/v1/session')
      session.start({ ...session.user()!, actions: me.actions })
      sessionCheckedAfterSignIn()
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (e.status === 401 && /authenticator/.test(e.problem.detail ?? '')) {
        return show([{ id: 'totp-code', message: 'Enter the security code from your authenticator app' }])
      }
      if (e.status === 401) {
        return show([{ id: 'username', message: 'The user name, password or security code is not right' }])
      }
      if (e.status === 429) {
        return show([{ id: 'username', message: 'There have been too many attempts to sign in. Wait a minute, then try again' }])
      }
      throw e
    }
    const to = signIn.returnTo && signIn.returnTo !== '/sign-in' ? signIn.returnTo : '/'
    signIn.returnTo = undefined
    signIn.notice = undefined
    await navigate(to, { replace: true })
  }

  show()
}

async function signOutPage(ctx: PageContext): Promise<void> {
  // Straight to the server, not through call(): an ended session is not an
  // error here, the user is signed out either way.
  const token = session.csrfToken()
  try {
    await fetch('/api/v1/session', {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: token ? { 'X-CSRF-Token': token } : {},
    })
  } catch {
    // Unreachable server: the cookie ends with the session's idle timeout.
  }
  session.end()
  ctx.show({
    title: 'You have signed out',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">You have signed out</h1>
      <p class="govuk-body">Close this browser window if you are using a shared computer.</p>
      <p class="govuk-body"><a class="govuk-link" href="/sign-in">Sign in again</a></p>`,
  })
}

route('/sign-in', signInPage, { public: true })
route('/sign-out', signOutPage, { public: true })
