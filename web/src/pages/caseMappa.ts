// Record that the perpetrator is managed under MAPPA (multi-agency public
// protection arrangements): the category, the level of management and the
// date it applies from. case.write.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { mappaCategoryNames, mappaLevelNames } from '../labels'
import { dateErrorId, type FieldError } from '../ui/govuk'
import { caseFormPage, checkDate, codeRadios, dateField, emptyDate, formButtons, readDate, refused, saved } from './caseForm'
import type { Case } from './cases'

export async function mappaPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { category: '', level: '', from: emptyDate() }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record MAPPA management',
      errors,
      html`<form novalidate @submit=${submit}>
        ${codeRadios({ name: 'category', legend: 'MAPPA category', names: mappaCategoryNames, value: d.category, errors })}
        ${codeRadios({ name: 'level', legend: 'Level of management', names: mappaLevelNames, value: d.level, errors })}
        ${dateField('from_date', 'Managed under MAPPA from', d.from, errors)}
        ${formButtons('Record MAPPA management', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.category = v.get('category')
    d.level = v.get('level')
    d.from = readDate(v, 'from_date')
    const errors: FieldError[] = []
    if (!d.category) errors.push({ id: 'category', message: 'Select the MAPPA category' })
    if (!d.level) errors.push({ id: 'level', message: 'Select the level of management' })
    const from = checkDate(errors, 'from_date', d.from, { missing: 'Enter the date MAPPA management started', name: 'The date MAPPA management started' })
    if (errors.length || !from) return show(errors)
    try {
      await post(`/api/v1/cases/${kase.id}/mappa`, { category: Number(d.category), level: Number(d.level), from_date: from })
      await saved(ctx, `/cases/${kase.id}`, `MAPPA management is recorded: category ${d.category}, level ${d.level}`)
    } catch (e) {
      refused(ctx, e, show, {
        ids: { category: 'category', level: 'level', from_date: dateErrorId('from_date') },
        names: { category: 'The category', level: 'The level', from_date: 'The date' },
        fallback: 'category',
      })
    }
  }

  show()
}
