// The public self-referral form: someone being stalked, or someone on their
// behalf, asks the programme for help without signing in.
//
// Safety: the GOV.UK "Exit this page" button sits at the top (and pressing
// Shift three times does the same); the page title is the same neutral
// "Get help" at every step and says nothing about stalking; the answers live
// in this module's memory only (no storage, no cookies) and the address
// never changes, so the browser's history holds one entry that reveals no
// answer. The server's answer is the reference and next steps only.

import { html, nothing } from 'lit-html'
import { ApiError, get, post } from '../api'
import { apiErrorView, formValues, route, type PageContext } from '../app'
import {
  button,
  checkboxes,
  errorFor,
  input,
  panel,
  radios,
  select,
  textarea,
  warningText,
  type Content,
  type FieldError,
} from '../ui/govuk'

const TITLE = 'Get help'
// Where "Exit this page" goes: the component's usual neutral destination.
export const EXIT_DESTINATION = 'https://www.bbc.co.uk/weather'
const MAX_WHAT = 5000

interface Area {
  code: string
  name: string
}

interface Receipt {
  reference: string
  next_steps: string[]
  emergency: string | null
}

// The answers as typed; kept only in memory for the life of the page.
interface Answers {
  referrer: string
  relationship: string
  what_is_happening: string
  since: string
  immediate_danger: string
  area: string
  contact_wanted: string
  name: string
  phone: string
  email: string
  channels: string[]
  times: string
  leave_message: string
  code_word: string
  consent_to_share: string
}

function emptyAnswers(): Answers {
  return {
    referrer: '',
    relationship: '',
    what_is_happening: '',
    since: '',
    immediate_danger: '',
    area: '',
    contact_wanted: '',
    name: '',
    phone: '',
    email: '',
    channels: [],
    times: '',
    leave_message: '',
    code_word: '',
    consent_to_share: '',
  }
}

// The page's order, which the error summary follows; the server's field
// names map to these ids.
const ORDER = [
  'referrer',
  'relationship',
  'what_is_happening',
  'since',
  'immediate_danger',
  'area',
  'contact_wanted',
  'name',
  'phone',
  'email',
  'channels',
  'times',
  'leave_message',
  'code_word',
  'consent_to_share',
]

const SERVER_FIELDS: Record<string, string> = {
  'safe_contact/channels': 'channels',
  'safe_contact/times': 'times',
  'safe_contact/code_word': 'code_word',
  safe_contact: 'channels',
}

const PHONE = /^\+?[\d\s()-]+$/
const EMAIL = /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]*[^\s@.]$/

function exitThisPage(): Content {
  return html`<div class="govuk-exit-this-page" data-module="govuk-exit-this-page">
    <a
      href="${EXIT_DESTINATION}"
      role="button"
      draggable="false"
      class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button"
      data-module="govuk-button"
      rel="nofollow noreferrer"
    >
      <span class="govuk-visually-hidden">Emergency</span> Exit this page
    </a>
  </div>`
}

function validate(a: Answers): FieldError[] {
  const errors: FieldError[] = []
  const add = (id: string, message: string) => errors.push({ id, message })
  if (!a.referrer) add('referrer', 'Select who is filling in this form')
  if (a.referrer === 'on_behalf' && !a.relationship) add('relationship', 'Enter how you know the person you are filling it in for')
  if (a.relationship.length > 200) add('relationship', 'How you know them must be 200 characters or fewer')
  if (!a.what_is_happening) add('what_is_happening', 'Enter what is happening')
  if (a.what_is_happening.length > MAX_WHAT) add('what_is_happening', 'What is happening must be 5,000 characters or fewer')
  if (!a.since) add('since', 'Select when it started')
  if (!a.immediate_danger) add('immediate_danger', 'Select yes if you are in immediate danger now')
  if (!a.area) add('area', 'Select the area where you live')
  if (!a.contact_wanted) add('contact_wanted', 'Select yes if we can contact you')
  if (a.contact_wanted === 'yes') {
    if (a.name.length > 200) add('name', 'What we should call you must be 200 characters or fewer')
    if (!a.phone && !a.email) add('phone', 'Enter a phone number or an email address, or select that we must not contact you')
    if (a.phone && (!PHONE.test(a.phone) || a.phone.replace(/\D/g, '').length < 7 || a.phone.replace(/\D/g, '').length > 15)) {
      add('phone', 'Enter a phone number, like 07700 900 982')
    }
    if (a.email && !EMAIL.test(a.email)) add('email', 'Enter an email address in the correct format, like name@example.com')
    if (!a.channels.length) add('channels', 'Select how it is safe to contact you')
    if (a.channels.some((c) => c !== 'email') && !a.phone && (a.phone || a.email)) {
      add('phone', 'Enter a phone number to be contacted by phone or text message')
    }
    if (a.channels.includes('email') && !a.email && (a.phone || a.email)) add('email', 'Enter an email address to be contacted by email')
    if (a.times.length > 200) add('times', 'When it is safe must be 200 characters or fewer')
    if (!a.leave_message) add('leave_message', 'Select yes if we can leave a message')
    if (a.code_word.length > 200) add('code_word', 'The code word must be 200 characters or fewer')
  }
  if (!a.consent_to_share) add('consent_to_share', 'Select yes if we can share what you tell us with the agencies that help')
  // One message per field, in the page's order.
  const seen = new Set<string>()
  return errors
    .filter((e) => !seen.has(e.id) && seen.add(e.id))
    .sort((x, y) => ORDER.indexOf(x.id) - ORDER.indexOf(y.id))
}

// The request the server expects: only what applies to the answers given.
function requestBody(a: Answers): Record<string, unknown> {
  const body: Record<string, unknown> = {
    referrer: a.referrer,
    what_is_happening: a.what_is_happening,
    since: a.since,
    immediate_danger: a.immediate_danger === 'yes',
    area: a.area,
    contact_wanted: a.contact_wanted === 'yes',
    consent_to_share: a.consent_to_share === 'yes',
  }
  if (a.referrer === 'on_behalf') body.relationship = a.relationship
  if (a.contact_wanted === 'yes') {
    if (a.name) body.name = a.name
    if (a.phone) body.phone = a.phone
    if (a.email) body.email = a.email
    body.leave_message = a.leave_message === 'yes'
    const prefs: Record<string, unknown> = { channels: a.channels }
    if (a.times) prefs.times = a.times
    if (a.code_word) prefs.code_word = a.code_word
    body.safe_contact = prefs
  }
  return body
}

const bold = (text: string) => html`<span class="govuk-!-font-weight-bold">${text}</span>`

function formView(areas: Area[], a: Answers, errors: FieldError[], submit: (e: SubmitEvent) => void): Content {
  const yesNo = [
    { value: 'yes', text: 'Yes' },
    { value: 'no', text: 'No' },
  ]
  return html`${exitThisPage()}
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l" tabindex="-1">Get help</h1>
        ${warningText(html`If you are in immediate danger, call 999. If you cannot speak, call 999 from a mobile, listen to the
          questions and press 55 when asked.`)}
        <p class="govuk-body">
          Tell us what is happening and the team for your area will decide how best to help. Nothing you type is kept on
          this device. To leave this page quickly, select “Exit this page” or press the Shift key 3 times.
        </p>
        <form novalidate @submit=${submit}>
          ${radios({
            name: 'referrer',
            legend: { text: 'Who is filling in this form?', size: 'm' },
            value: a.referrer,
            error: errorFor(errors, 'referrer'),
            items: [
              { value: 'victim', text: 'I am the person this is happening to' },
              { value: 'on_behalf', text: 'I am filling it in for someone else' },
            ],
          })}
          ${input({
            id: 'relationship',
            label: bold('If you are filling it in for someone else, how do you know them?'),
            hint: 'For example, “I am her sister” or “I am his support worker”. Leave this blank if it is about you.',
            value: a.relationship,
            error: errorFor(errors, 'relationship'),
          })}
          ${textarea({
            id: 'what_is_happening',
            label: bold('What is happening?'),
            hint: 'For example, being followed, watched, messaged or contacted again and again, someone turning up, or contacting people you know. Up to 5,000 characters.',
            value: a.what_is_happening,
            rows: 8,
            error: errorFor(errors, 'what_is_happening'),
          })}
          ${radios({
            name: 'since',
            legend: { text: 'When did it start?', size: 's' },
            value: a.since,
            error: errorFor(errors, 'since'),
            items: [
              { value: 'under_1_month', text: 'Less than a month ago' },
              { value: '1_to_6_months', text: '1 to 6 months ago' },
              { value: '6_to_12_months', text: '6 to 12 months ago' },
              { value: 'over_1_year', text: 'More than a year ago' },
              { value: 'not_sure', text: 'I am not sure' },
            ],
          })}
          ${radios({
            name: 'immediate_danger',
            legend: { text: 'Are you in immediate danger now?', size: 's' },
            hint: 'If you are, call 999 now. Your answers will still be sent.',
            value: a.immediate_danger,
            error: errorFor(errors, 'immediate_danger'),
            inline: true,
            items: yesNo,
          })}
          ${select({
            id: 'area',
            label: bold('Which police force area do you live in?'),
            hint: 'If you are not sure, choose the force for the town or city nearest to you.',
            value: a.area,
            error: errorFor(errors, 'area'),
            groups: [{ options: [{ value: '', text: 'Choose an area' }, ...areas.map((x) => ({ value: x.code, text: x.name }))] }],
          })}
          ${radios({
            name: 'contact_wanted',
            legend: { text: 'Can we contact you?', size: 'm' },
            hint: 'Someone from the team will only contact you in the ways and at the times you say are safe.',
            value: a.contact_wanted,
            error: errorFor(errors, 'contact_wanted'),
            items: [
              { value: 'yes', text: 'Yes' },
              { value: 'no', text: 'No, do not contact me' },
            ],
          })}
          <h2 class="govuk-heading-m">How to contact you safely</h2>
          <p class="govuk-body">Only if we can contact you. Give a phone number, an email address, or both.</p>
          ${input({
                id: 'name',
                label: 'What should we call you? (optional)',
                value: a.name,
                error: errorFor(errors, 'name'),
                autocomplete: 'off',
              })}
              ${input({
                id: 'phone',
                label: 'Phone number',
                type: 'tel',
                value: a.phone,
                error: errorFor(errors, 'phone'),
                autocomplete: 'off',
                width: 'govuk-input--width-20',
              })}
              ${input({
                id: 'email',
                label: 'Email address',
                type: 'email',
                value: a.email,
                error: errorFor(errors, 'email'),
                autocomplete: 'off',
                spellcheck: false,
              })}
              ${checkboxes({
                name: 'channels',
                legend: { text: 'How is it safe to contact you?', size: 's' },
                hint: 'Select all that are safe.',
                values: a.channels,
                error: errorFor(errors, 'channels'),
                items: [
                  { value: 'phone', text: 'Phone call' },
                  { value: 'text', text: 'Text message' },
                  { value: 'email', text: 'Email' },
                ],
              })}
              ${input({
                id: 'times',
                label: 'When is it safe to contact you? (optional)',
                hint: 'For example, weekdays between 10am and 2pm.',
                value: a.times,
                error: errorFor(errors, 'times'),
                autocomplete: 'off',
              })}
              ${radios({
                name: 'leave_message',
                legend: { text: 'Can we leave a message?', size: 's' },
                value: a.leave_message,
                error: errorFor(errors, 'leave_message'),
                inline: true,
                items: yesNo,
              })}
              ${input({
                id: 'code_word',
                label: 'A code word (optional)',
                hint: 'A word we will say so you know it is us.',
                value: a.code_word,
                error: errorFor(errors, 'code_word'),
                autocomplete: 'off',
                spellcheck: false,
                width: 'govuk-input--width-20',
              })}
          ${radios({
            name: 'consent_to_share',
            legend: { text: 'Can we share what you tell us with the agencies that work together to help?', size: 'm' },
            hint: 'The police, probation, health services and independent stalking advocates work together. If you say no, we share only what the law allows without your agreement, for example to keep someone safe.',
            value: a.consent_to_share,
            error: errorFor(errors, 'consent_to_share'),
            inline: true,
            items: yesNo,
          })}
          ${button('Send')}
        </form>
      </div>
    </div>`
}

function confirmationView(r: Receipt): Content {
  return html`${exitThisPage()}
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        ${panel('Your referral has been sent', html`Your reference number<br /><strong>${r.reference}</strong>`)}
        ${r.emergency ? warningText(r.emergency) : nothing}
        <h2 class="govuk-heading-m">What happens next</h2>
        <ul class="govuk-list govuk-list--bullet">
          ${r.next_steps.map((s) => html`<li>${s}</li>`)}
        </ul>
      </div>
    </div>`
}

async function selfReferralPage(ctx: PageContext): Promise<void> {
  const areas = (await get<{ items: Area[] }>('/api/v1/self-referrals/areas')).items
  if (!ctx.current()) return
  const answers = emptyAnswers()
  let sending = false

  const show = (errors: FieldError[] = []) => ctx.show({ title: TITLE, errors, content: formView(areas, answers, errors, submit) })

  function read(form: HTMLFormElement): void {
    const v = formValues(form)
    for (const key of Object.keys(answers) as (keyof Answers)[]) {
      if (key === 'channels') answers.channels = v.all('channels')
      else answers[key] = v.get(key)
    }
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (sending) return
    read(event.target as HTMLFormElement)
    const errors = validate(answers)
    if (errors.length) return show(errors)
    sending = true
    try {
      const receipt = await post<Receipt>('/api/v1/self-referrals', requestBody(answers))
      if (!ctx.current()) return
      // Forget the answers as soon as they are sent.
      Object.assign(answers, emptyAnswers())
      ctx.show({ title: TITLE, content: confirmationView(receipt) })
      document.querySelector<HTMLElement>('main .govuk-panel__title')?.focus()
    } catch (e) {
      if (!(e instanceof ApiError) || !ctx.current()) throw e
      if (e.status === 400 && e.problem.errors?.length) {
        const list = e.problem.errors.map((f) => ({
          id: SERVER_FIELDS[f.field] ?? (ORDER.includes(f.field) ? f.field : 'referrer'),
          message: `Check this answer: it ${f.message}`,
        }))
        return show(list)
      }
      if (e.status === 429) {
        return show([
          {
            id: 'referrer',
            message: 'Too many forms have been sent from this device. Try again later, or call 999 in an emergency',
          },
        ])
      }
      ctx.show({ ...apiErrorView(e), title: TITLE })
    } finally {
      sending = false
    }
  }

  show()
}

route('/self-referral', selfReferralPage, { public: true })
