// Record the victim's consent, or its refusal: what it is for, which agency
// receives the information, and the date. A refusal needs the lawful basis
// on which information is still shared. A referral to an advocate needs
// consent given for it (./caseAdvocacy); withdrawing consent later is a step
// on the record (./caseEvents). Any role that works on the case records it
// (case.write).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { consentPurposeNames } from '../labels'
import { dateErrorId, errorFor, select, type FieldError } from '../ui/govuk'
import {
  agencyGroups,
  caseFormPage,
  checkDate,
  checkText,
  codeRadios,
  dateField,
  emptyDate,
  formButtons,
  readDate,
  refused,
  saved,
  textField,
  yesNoNames,
} from './caseForm'
import type { Case } from './cases'

const MIN_BASIS = 5 // as the server requires for a refusal

export async function consentPage(ctx: PageContext, kase: Case): Promise<void> {
  const agencies = await loadAgencies()
  if (!ctx.current()) return
  const d = { purpose: '', agency: '', given: '', basis: '', on: emptyDate() }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record consent',
      errors,
      html`<form novalidate @submit=${submit}>
        ${codeRadios({ name: 'purpose', legend: 'What is the consent for?', names: consentPurposeNames, value: d.purpose, errors })}
        ${select({
          id: 'receiving_agency',
          label: html`<span class="govuk-!-font-weight-bold">Agency that receives the information</span>`,
          hint: 'For a referral to an advocate, the advocacy service.',
          value: d.agency,
          error: errorFor(errors, 'receiving_agency'),
          groups: agencyGroups(agencies),
        })}
        ${codeRadios({ name: 'given', legend: 'Did the victim give consent?', names: yesNoNames, value: d.given, errors, inline: true })}
        ${textField(
          'lawful_basis',
          'Lawful basis for sharing (needed if consent was refused)',
          d.basis,
          errors,
          'Without consent, information is shared only on a lawful basis. For example: to prevent a serious crime.',
        )}
        ${dateField('recorded_on', 'When did the victim say this?', d.on, errors)}
        ${formButtons('Record the consent', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.purpose = v.get('purpose')
    d.agency = v.get('receiving_agency')
    d.given = v.get('given')
    d.basis = v.get('lawful_basis')
    d.on = readDate(v, 'recorded_on')
    const errors: FieldError[] = []
    if (!d.purpose) errors.push({ id: 'purpose', message: 'Select what the consent is for' })
    if (!d.agency) errors.push({ id: 'receiving_agency', message: 'Select the agency that receives the information' })
    if (!d.given) errors.push({ id: 'given', message: 'Select whether the victim gave consent' })
    if (d.given === 'no' && !d.basis) {
      errors.push({ id: 'lawful_basis', message: 'Enter the lawful basis for sharing without consent' })
    } else if (d.given === 'no' && d.basis.length < MIN_BASIS) {
      errors.push({ id: 'lawful_basis', message: `The lawful basis must be at least ${MIN_BASIS} characters` })
    } else {
      checkText(errors, 'lawful_basis', d.basis, { name: 'The lawful basis' })
    }
    const on = checkDate(errors, 'recorded_on', d.on, { missing: 'Enter the date the victim said this', name: 'The date', when: 'past' })
    if (errors.length || !on) return show(errors)
    const body: Record<string, unknown> = { purpose: d.purpose, receiving_agency: d.agency, given: d.given === 'yes', recorded_on: on }
    if (d.basis) body.lawful_basis = d.basis
    try {
      await post(`/api/v1/cases/${kase.id}/consents`, body)
      await saved(ctx, `/cases/${kase.id}`, d.given === 'yes' ? 'The consent is recorded' : 'The refusal of consent is recorded')
    } catch (e) {
      refused(ctx, e, show, {
        ids: {
          purpose: 'purpose',
          receiving_agency: 'receiving_agency',
          given: 'given',
          lawful_basis: 'lawful_basis',
          recorded_on: dateErrorId('recorded_on'),
        },
        names: { receiving_agency: 'The agency', lawful_basis: 'The lawful basis', recorded_on: 'The date' },
        fallback: 'purpose',
      })
    }
  }

  show()
}
