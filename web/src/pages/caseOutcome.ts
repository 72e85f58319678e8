// Record a criminal justice outcome on one of the case's reports: suspect
// identified, arrested, charged, cautioned, no further action, trial,
// convicted, acquitted. An arrest, a charge or no further action starts a
// Victims' Code clock by itself: the decision then appears on the case with
// the date the victim must be told by (case.police).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { label, outcomeKindNames, outcomesWithClock } from '../labels'
import { dateErrorId, errorFor, input, radios, type FieldError } from '../ui/govuk'
import { caseFormPage, checkDate, codeRadios, dateField, emptyDate, formButtons, nothingToRecord, readDate, refused, saved } from './caseForm'
import type { Case } from './cases'

const clockHint = 'Starts a Victims’ Code clock: the victim must be told'

export async function outcomePage(ctx: PageContext, kase: Case): Promise<void> {
  if (!kase.report_ids.length) {
    return nothingToRecord(ctx, kase, 'The case has no reports', html`<p class="govuk-body">An outcome is recorded on one of the case’s reports.</p>`)
  }
  const single = kase.report_ids.length === 1
  const d = { report: single ? kase.report_ids[0] : '', kind: '', on: emptyDate(), reason: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record a criminal justice outcome',
      errors,
      html`<form novalidate @submit=${submit}>
        ${single
          ? ''
          : radios({
              name: 'report_id',
              legend: { text: 'Which report is it about?', size: 's' },
              small: true,
              value: d.report,
              error: errorFor(errors, 'report_id'),
              items: kase.report_ids.map((id, i) => ({ value: id, text: `Report ${i + 1}`, hint: html`Record id <span class="app-id">${id}</span>` })),
            })}
        ${codeRadios({
          name: 'kind',
          legend: 'What was the outcome?',
          names: outcomeKindNames,
          value: d.kind,
          errors,
          hints: Object.fromEntries(outcomesWithClock.map((k) => [k, clockHint])),
        })}
        ${dateField('occurred_on', 'When was it?', d.on, errors)}
        ${input({
          id: 'reason',
          label: 'Reason (needed for no further action)',
          labelSize: 's',
          hint: 'The coded reason, for example: evidential difficulties, victim supports action.',
          value: d.reason,
          error: errorFor(errors, 'reason'),
          autocomplete: 'off',
        })}
        ${formButtons('Record the outcome', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    if (!single) d.report = v.get('report_id')
    d.kind = v.get('kind')
    d.on = readDate(v, 'occurred_on')
    d.reason = v.get('reason')
    const errors: FieldError[] = []
    if (!d.report) errors.push({ id: 'report_id', message: 'Select the report the outcome is about' })
    if (!d.kind) errors.push({ id: 'kind', message: 'Select the outcome' })
    const on = checkDate(errors, 'occurred_on', d.on, { missing: 'Enter the date of the outcome', name: 'The date of the outcome', when: 'past' })
    if (d.kind === 'no_further_action' && d.reason.length < 3) errors.push({ id: 'reason', message: 'Enter the reason for no further action' })
    else if (d.reason.length > 200) errors.push({ id: 'reason', message: 'The reason must be 200 characters or fewer' })
    if (errors.length || !on) return show(errors)
    const body: Record<string, unknown> = { report_id: d.report, kind: d.kind, occurred_on: on }
    if (d.reason) body.reason = d.reason
    try {
      await post(`/api/v1/cases/${kase.id}/outcomes`, body)
      await saved(
        ctx,
        `/cases/${kase.id}`,
        `The outcome is recorded: ${label(outcomeKindNames, d.kind).toLowerCase()}`,
        outcomesWithClock.includes(d.kind)
          ? html`<p class="govuk-body">A Victims’ Code clock has started: the decision is under Decisions, with the date the victim must be told by.</p>`
          : undefined,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { report_id: single ? 'kind' : 'report_id', kind: 'kind', occurred_on: dateErrorId('occurred_on'), reason: 'reason' },
        names: { report_id: 'The report', kind: 'The outcome', occurred_on: 'The date of the outcome', reason: 'The reason' },
        fallback: 'kind',
      })
    }
  }

  show()
}
