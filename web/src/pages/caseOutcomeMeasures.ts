// Record outcome measures: how things have changed for the victim since
// support began, in their own assessment (improved, the same, worse, or not
// asked), on coping and feeling safe and, if asked, on being informed,
// health and wellbeing, and taking part in the criminal justice process.
// The advocate's record (case.advocacy); the programme's figures count them.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { measureNames, outcomeMeasureNames } from '../labels'
import type { FieldError } from '../ui/govuk'
import { caseFormPage, codeRadios, formButtons, lower, refused, saved } from './caseForm'
import type { Case } from './cases'

// The measures the server requires; the others are optional.
const required = ['better_able_to_cope', 'feel_safer']

export async function outcomeMeasurePage(ctx: PageContext, kase: Case): Promise<void> {
  const keys = Object.keys(outcomeMeasureNames)
  const d: Record<string, string> = Object.fromEntries(keys.map((k) => [k, '']))
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record outcome measures',
      errors,
      html`<p class="govuk-body">Ask the victim how each has changed since support began.</p>
        <form novalidate @submit=${submit}>
          ${keys.map((key) =>
            codeRadios({
              name: key,
              legend: `${outcomeMeasureNames[key]}${required.includes(key) ? '' : ' (optional)'}`,
              names: measureNames,
              value: d[key],
              errors,
              inline: true,
            }),
          )}
          ${formButtons('Save the outcome measures', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    for (const key of keys) d[key] = v.get(key)
    const errors: FieldError[] = required
      .filter((key) => !d[key])
      .map((key) => ({ id: key, message: `Select how ${lower(outcomeMeasureNames[key])} has changed, or that the victim was not asked` }))
    if (errors.length) return show(errors)
    const body = Object.fromEntries(keys.filter((key) => d[key]).map((key) => [key, d[key]]))
    try {
      await post(`/api/v1/cases/${kase.id}/outcome-measures`, body)
      await saved(ctx, `/cases/${kase.id}`, 'The outcome measures are saved')
    } catch (e) {
      refused(ctx, e, show, {
        ids: Object.fromEntries(keys.map((key) => [key, key])),
        names: Object.fromEntries(keys.map((key) => [key, outcomeMeasureNames[key]])),
        fallback: keys[0],
      })
    }
  }

  show()
}
