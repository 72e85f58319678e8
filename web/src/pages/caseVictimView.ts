// Record the victim's own view of the risk: the level they feel they are
// at, whether they feel safe, and what they say in their own words. It sits
// beside the professional risk assessments and does not change the case's
// risk level. The advocate's record (case.advocacy).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { riskLevelNames } from '../labels'
import type { FieldError } from '../ui/govuk'
import { caseFormPage, checkText, codeRadios, formButtons, longTextField, MAX_LONG_TEXT, refused, saved, yesNoNames } from './caseForm'
import type { Case } from './cases'

export async function victimViewPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { level: '', safe: '', words: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record the victim’s view of the risk',
      errors,
      html`<p class="govuk-body">It is kept beside the risk assessments; it does not change the case’s risk level.</p>
        <form novalidate @submit=${submit}>
          ${codeRadios({
            name: 'risk_level',
            legend: 'What risk does the victim feel they are at?',
            names: riskLevelNames,
            value: d.level,
            errors,
            inline: true,
          })}
          ${codeRadios({ name: 'feels_safe', legend: 'Does the victim feel safe now? (optional)', names: yesNoNames, value: d.safe, errors, inline: true })}
          ${longTextField('in_their_words', 'In the victim’s own words (optional)', d.words, errors, 'What they said about the risk, as they said it.')}
          ${formButtons('Save the victim’s view', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.level = v.get('risk_level')
    d.safe = v.get('feels_safe')
    d.words = v.get('in_their_words')
    const errors: FieldError[] = []
    if (!d.level) errors.push({ id: 'risk_level', message: 'Select the risk the victim feels they are at' })
    checkText(errors, 'in_their_words', d.words, { name: 'The victim’s own words', max: MAX_LONG_TEXT })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { risk_level: d.level }
    if (d.safe) body.feels_safe = d.safe === 'yes'
    if (d.words) body.in_their_words = d.words
    try {
      await post(`/api/v1/cases/${kase.id}/victim-views`, body)
      await saved(ctx, `/cases/${kase.id}`, 'The victim’s view of the risk is saved')
    } catch (e) {
      refused(ctx, e, show, {
        ids: { risk_level: 'risk_level', feels_safe: 'feels_safe', in_their_words: 'in_their_words' },
        names: { risk_level: 'The risk level', feels_safe: 'Whether the victim feels safe', in_their_words: 'The victim’s own words' },
        fallback: 'risk_level',
      })
    }
  }

  show()
}
