// Record a risk reassessment: the tool, the level, the date and notes. A
// level different from the case's becomes the case's risk level; a higher
// one runs the tiering rules again, and the timeline says when they suggest
// a higher tier (case.write).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { label, riskLevelNames, riskToolNames } from '../labels'
import { dateErrorId, errorFor, textarea, type FieldError } from '../ui/govuk'
import { caseFormPage, checkDate, codeRadios, dateField, emptyDate, formButtons, readDate, refused, saved } from './caseForm'
import type { Case } from './cases'

export async function riskAssessmentPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { tool: '', level: '', on: emptyDate(), notes: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record a risk reassessment',
      errors,
      html`<p class="govuk-body">
          The case’s risk level is ${kase.risk_level ? label(riskLevelNames, kase.risk_level).toLowerCase() : 'not assessed yet'}. A
          different level becomes the case’s; a higher one runs the tiering rules again.
        </p>
        <form novalidate @submit=${submit}>
          ${codeRadios({ name: 'tool', legend: 'Which tool was used?', names: riskToolNames, value: d.tool, errors })}
          ${codeRadios({ name: 'risk_level', legend: 'Risk level', names: riskLevelNames, value: d.level, errors, inline: true })}
          ${dateField('assessed_on', 'Date of the assessment', d.on, errors)}
          ${textarea({
            id: 'notes',
            label: html`<span class="govuk-!-font-weight-bold">Notes (optional)</span>`,
            hint: 'What changed since the last assessment.',
            value: d.notes,
            rows: 4,
            error: errorFor(errors, 'notes'),
          })}
          ${formButtons('Record the reassessment', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.tool = v.get('tool')
    d.level = v.get('risk_level')
    d.on = readDate(v, 'assessed_on')
    d.notes = v.get('notes')
    const errors: FieldError[] = []
    if (!d.tool) errors.push({ id: 'tool', message: 'Select the tool that was used' })
    if (!d.level) errors.push({ id: 'risk_level', message: 'Select the risk level' })
    const on = checkDate(errors, 'assessed_on', d.on, {
      missing: 'Enter the date of the assessment',
      name: 'The date of the assessment',
      when: 'past',
    })
    if (errors.length || !on) return show(errors)
    const body: Record<string, unknown> = { tool: d.tool, risk_level: d.level, assessed_on: on }
    if (d.notes) body.notes = d.notes
    try {
      await post(`/api/v1/cases/${kase.id}/risk-assessments`, body)
      const changed = d.level !== kase.risk_level
      await saved(
        ctx,
        `/cases/${kase.id}`,
        'The risk reassessment is recorded',
        changed ? html`<p class="govuk-body">The case’s risk level is now ${label(riskLevelNames, d.level).toLowerCase()}.</p>` : undefined,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { tool: 'tool', risk_level: 'risk_level', assessed_on: dateErrorId('assessed_on'), notes: 'notes' },
        names: { assessed_on: 'The date of the assessment' },
        fallback: 'tool',
      })
    }
  }

  show()
}
