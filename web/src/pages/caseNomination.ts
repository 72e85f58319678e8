// Nominate the case for a panel's meeting (a stalking clinic, MATAC-style
// tasking, a MARAC hand-off): which panel, the meeting date, where the
// nomination comes from and why. The case then appears on that meeting's
// agenda. A nomination needs case.read; choosing the panel, panel.read.

import { html } from 'lit-html'
import { get, post } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDate } from '../format'
import { nominationSourceNames } from '../labels'
import { dateErrorId, errorFor, radios, textarea, type FieldError } from '../ui/govuk'
import {
  caseFormPage,
  checkDate,
  codeRadios,
  dateField,
  emptyDate,
  formButtons,
  nothingToRecord,
  readDate,
  refused,
  saved,
} from './caseForm'
import type { Case } from './cases'
import type { Panel } from './panels'

const MAX_REASON = 2000

export async function nominationPage(ctx: PageContext, kase: Case): Promise<void> {
  const panels = (await get<{ items: Panel[] }>('/api/v1/panels')).items
  if (!ctx.current()) return
  if (!panels.length) {
    return nothingToRecord(ctx, kase, 'There are no panels', html`<p class="govuk-body">No panel your agency takes part in has been set up yet.</p>`)
  }
  const d = { panel: panels.length === 1 ? panels[0].id : '', meeting: emptyDate(), source: '', reason: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Nominate the case for a panel',
      errors,
      html`<form novalidate @submit=${submit}>
        ${radios({
          name: 'panel',
          legend: { text: 'Which panel?', size: 's' },
          small: true,
          value: d.panel,
          error: errorFor(errors, 'panel'),
          items: panels.map((p) => ({ value: p.id, text: p.name, hint: p.schedule ? `Meets: ${p.schedule}` : undefined })),
        })}
        ${dateField('meeting_date', 'Date of the meeting', d.meeting, errors)}
        ${codeRadios({
          name: 'source',
          legend: 'Who is nominating it?',
          names: nominationSourceNames,
          value: d.source,
          errors,
          hints: { ranking: 'The suspect’s harm score is worked out and shown on the agenda.' },
        })}
        ${textarea({
          id: 'reason',
          label: html`<span class="govuk-!-font-weight-bold">Why should the panel discuss it?</span>`,
          hint: 'Not needed for a nomination from the harm ranking. Up to 2,000 characters.',
          value: d.reason,
          rows: 4,
          error: errorFor(errors, 'reason'),
        })}
        ${formButtons('Nominate the case', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.panel = v.get('panel')
    d.meeting = readDate(v, 'meeting_date')
    d.source = v.get('source')
    d.reason = v.get('reason')
    const errors: FieldError[] = []
    if (!d.panel) errors.push({ id: 'panel', message: 'Select the panel' })
    const meeting = checkDate(errors, 'meeting_date', d.meeting, {
      missing: 'Enter the date of the meeting',
      name: 'The date of the meeting',
      when: 'future',
    })
    if (!d.source) errors.push({ id: 'source', message: 'Select who is nominating it' })
    if (!d.reason && d.source !== 'ranking') errors.push({ id: 'reason', message: 'Enter why the panel should discuss it' })
    else if (d.reason.length > MAX_REASON) errors.push({ id: 'reason', message: 'Why the panel should discuss it must be 2,000 characters or fewer' })
    if (errors.length || !meeting) return show(errors)
    const panel = panels.find((p) => p.id === d.panel)!
    const body: Record<string, unknown> = { case_id: kase.id, meeting_date: meeting, source: d.source }
    if (d.reason) body.reason = d.reason
    try {
      await post(`/api/v1/panels/${panel.id}/nominations`, body)
      await saved(
        ctx,
        `/cases/${kase.id}`,
        `The case is nominated for ${panel.name} on ${formatDate(meeting)}`,
        html`<p class="govuk-body"><a class="govuk-link" href="/panels/${panel.id}?date=${meeting}">See the meeting’s agenda</a></p>`,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { meeting_date: dateErrorId('meeting_date'), source: 'source', reason: 'reason', case_id: 'panel', person_id: 'panel' },
        names: { meeting_date: 'The date of the meeting', source: 'Who is nominating it', reason: 'Why the panel should discuss it', case_id: 'The case:', person_id: 'The suspect' },
        fallback: 'panel',
      })
    }
  }

  show()
}
