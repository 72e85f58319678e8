// One action from a screening result: refer the report, its parties and the
// screening to a force's stalking programme for triage. The server takes the
// victim, the suspect and the risk from the screening itself.

import { html } from 'lit-html'
import { ApiError, post } from '../api'
import { apiErrorView, flash, formValues, navigate, route, type PageContext } from '../app'
import { loadAgencies } from '../data'
import * as session from '../session'
import { button, errorFor, notificationBanner, select, summaryList, textarea, type FieldError } from '../ui/govuk'
import { serverErrors } from '../ui/serverErrors'
import { loadScreening, principalTag, riskTag } from './screeningResult'

async function referPage(ctx: PageContext): Promise<void> {
  const s = await loadScreening(ctx)
  if (!s) return
  if (!session.can('case.refer')) return ctx.show(apiErrorView(new ApiError({ status: 403 })))
  const forces = (await loadAgencies()).filter((a) => a.kind === 'police_force')
  const own = session.user()?.agencyId
  const draft = { to: forces.find((f) => f.id === own)?.code ?? '', reason: '' }
  const screeningId = s.id
  const resultPath = `/screenings/${screeningId}`

  const show = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Refer to the stalking programme',
      backLink: resultPath,
      errors,
      content: html`<span class="govuk-caption-l">Screening result</span>
        <h1 class="govuk-heading-l" tabindex="-1">Refer to the stalking programme</h1>
        <p class="govuk-body">
          The programme’s team triages the referral with its partner agencies. The report, its victim and suspect and
          this screening go with it.
        </p>
        ${summaryList([
          { key: 'Screened as', value: principalTag(s) },
          { key: 'Risk', value: riskTag(s.risk_level) },
        ])}
        <form novalidate @submit=${submit}>
          ${select({
            id: 'to',
            label: html`<span class="govuk-!-font-weight-bold">Which force’s stalking programme</span>`,
            hint: 'Usually your own force. Choose another where the victim lives in its area.',
            value: draft.to,
            error: errorFor(errors, 'to'),
            groups: [{ options: [{ value: '', text: 'Choose a force' }, ...forces.map((f) => ({ value: f.code, text: f.name }))] }],
          })}
          ${textarea({
            id: 'reason',
            label: html`<span class="govuk-!-font-weight-bold">Why you are referring (optional)</span>`,
            hint: 'Anything the team should know first. Without it the screening result is the reason.',
            value: draft.reason,
            rows: 4,
            error: errorFor(errors, 'reason'),
          })}
          ${button('Send the referral')}
        </form>`,
    })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    draft.to = v.get('to')
    draft.reason = v.get('reason').trim()
    const errors: FieldError[] = []
    if (!draft.to) errors.push({ id: 'to', message: "Choose the force whose stalking programme receives the referral" })
    if (draft.reason.length > 10000) errors.push({ id: 'reason', message: 'Why you are referring must be 10,000 characters or fewer' })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { source: 'police_report', screening_id: screeningId, to: draft.to }
    if (draft.reason) body.reason = draft.reason
    try {
      const created = await post<{ id: string; reference: string }>('/api/v1/referrals', body)
      if (!ctx.current()) return
      flash(
        notificationBanner({
          success: true,
          heading: 'The referral is sent',
          body: html`<p class="govuk-body">Its reference is <strong>${created.reference}</strong>. The stalking team will triage it.</p>`,
        }),
      )
      await navigate(resultPath, { replace: true })
    } catch (e) {
      if (!(e instanceof ApiError) || !ctx.current()) throw e
      if (e.status === 400) {
        return show(serverErrors(e, { to: 'to', reason: 'reason' }, { to: 'The force', reason: 'Why you are referring' }, 'to'))
      }
      ctx.show(apiErrorView(e))
    }
  }

  show()
}

route('/screenings/:id/refer', referPage)
