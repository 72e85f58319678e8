// GOV.UK Design System components as lit-html templates. The markup follows
// the govuk-frontend Nunjucks macros; behaviour (exclusive checkboxes, error
// summary links, the mobile menu) comes from govuk-frontend's own
// JavaScript, started by initComponents(). Conditional reveals under radios
// are shown and hidden here rather than by govuk-frontend, whose
// aria-expanded on a radio is invalid ARIA (axe-core reports it).
//
// lit-html escapes every value put into a template, so record contents can
// never become markup.

import { html, nothing, type TemplateResult } from 'lit-html'
import { ifDefined } from 'lit-html/directives/if-defined.js'

// Anything a template can hold ("nothing" is a symbol, widened as such when inferred).
export type Content = TemplateResult | string | typeof nothing | symbol | readonly Content[]

// One entry of an error summary: the field's id and the message.
export interface FieldError {
  id: string
  message: string
  href?: string // where the summary links to, when not to the field on this page
}

export function errorFor(errors: FieldError[] | undefined, id: string): string | undefined {
  return errors?.find((e) => e.id === id)?.message
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((x): x is string => typeof x === 'string' && x.length > 0)
  return list.length ? list.join(' ') : undefined
}

function errorMessage(id: string, message?: string): Content {
  if (!message) return nothing
  return html`<p id="${id}-error" class="govuk-error-message">
    <span class="govuk-visually-hidden">Error:</span> ${message}
  </p>`
}

function hintBlock(id: string, hint?: Content): Content {
  if (!hint) return nothing
  return html`<div id="${id}-hint" class="govuk-hint">${hint}</div>`
}

export function errorSummary(errors: FieldError[]): Content {
  if (!errors.length) return nothing
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
    <div role="alert">
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <ul class="govuk-list govuk-error-summary__list">
          ${errors.map((e) => html`<li><a href="${e.href ?? `#${e.id}`}">${e.message}</a></li>`)}
        </ul>
      </div>
    </div>
  </div>`
}

type LabelSize = 'xl' | 'l' | 'm' | 's'

function label(id: string, text: Content, size?: LabelSize, isPageHeading = false): Content {
  const cls = `govuk-label${size ? ` govuk-label--${size}` : ''}`
  const el = html`<label class="${cls}" for="${id}">${text}</label>`
  return isPageHeading ? html`<h1 class="govuk-label-wrapper" tabindex="-1">${el}</h1>` : el
}

export interface InputOptions {
  id: string
  name?: string
  label: Content
  labelSize?: LabelSize
  isPageHeading?: boolean
  hint?: Content
  value?: string
  error?: string
  type?: string
  autocomplete?: string
  inputmode?: string
  spellcheck?: boolean
  width?: string // govuk-input--width-N or govuk-!-width-…
  classes?: string
}

export function input(o: InputOptions): Content {
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    ${label(o.id, o.label, o.labelSize, o.isPageHeading)} ${hintBlock(o.id, o.hint)}
    ${errorMessage(o.id, o.error)}
    <input
      class="govuk-input ${o.width ?? ''} ${o.classes ?? ''} ${o.error ? 'govuk-input--error' : ''}"
      id="${o.id}"
      name="${o.name ?? o.id}"
      type="${o.type ?? 'text'}"
      .value=${o.value ?? ''}
      autocomplete=${ifDefined(o.autocomplete)}
      inputmode=${ifDefined(o.inputmode)}
      spellcheck=${ifDefined(o.spellcheck === undefined ? undefined : String(o.spellcheck))}
      aria-describedby=${ifDefined(describedBy(o.hint ? `${o.id}-hint` : undefined, o.error && `${o.id}-error`))}
    />
  </div>`
}

export interface TextareaOptions {
  id: string
  name?: string
  label: Content
  labelSize?: LabelSize
  isPageHeading?: boolean
  hint?: Content
  value?: string
  error?: string
  rows?: number
  maxLength?: number // a character count: the limit, counted down as the user types
}

export function textarea(o: TextareaOptions): Content {
  const count = o.maxLength !== undefined
  return html`<div
    class="govuk-form-group${count ? ' govuk-character-count' : ''} ${o.error ? 'govuk-form-group--error' : ''}"
    data-module=${ifDefined(count ? 'govuk-character-count' : undefined)}
    data-maxlength=${ifDefined(o.maxLength)}
  >
    ${label(o.id, o.label, o.labelSize, o.isPageHeading)} ${hintBlock(o.id, o.hint)}
    ${errorMessage(o.id, o.error)}
    <textarea
      class="govuk-textarea${count ? ' govuk-js-character-count' : ''} ${o.error ? 'govuk-textarea--error' : ''}"
      id="${o.id}"
      name="${o.name ?? o.id}"
      rows="${o.rows ?? 5}"
      .value=${o.value ?? ''}
      aria-describedby=${ifDefined(
        describedBy(count && `${o.id}-info`, o.hint ? `${o.id}-hint` : undefined, o.error && `${o.id}-error`),
      )}
    ></textarea>
    ${count
      ? html`<div id="${o.id}-info" class="govuk-hint govuk-character-count__message">
          You can enter up to ${o.maxLength} characters
        </div>`
      : nothing}
  </div>`
}

export interface Legend {
  text: Content
  size?: LabelSize
  isPageHeading?: boolean
}

function legend(l: Legend): Content {
  const cls = `govuk-fieldset__legend${l.size ? ` govuk-fieldset__legend--${l.size}` : ''}`
  if (l.isPageHeading) {
    return html`<legend class="${cls}">
      <h1 class="govuk-fieldset__heading" tabindex="-1">${l.text}</h1>
    </legend>`
  }
  return html`<legend class="${cls}">${l.text}</legend>`
}

export interface ChoiceItem {
  value: string
  text: Content
  hint?: Content
  exclusive?: boolean // checkboxes: "none of these"
  dividerBefore?: string // "or"
  conditional?: Content // radios: a question revealed while this item is chosen
}

export interface ChoiceOptions {
  name: string
  legend: Legend
  hint?: Content
  items: ChoiceItem[]
  error?: string
  inline?: boolean
  small?: boolean
}

// The id of a choice item: the first item takes the field's name, so the
// error summary link lands on it.
export function choiceId(name: string, index: number): string {
  return index === 0 ? name : `${name}-${index + 1}`
}

// Shows the conditional reveal of the chosen radio and hides the others.
// The reveal follows its radio, so it comes next in reading order; the link
// is a data attribute, not aria-controls (govuk-frontend would add
// aria-expanded to any radio with aria-controls).
function syncReveals(event: Event): void {
  const group = event.currentTarget as HTMLElement
  group.querySelectorAll<HTMLInputElement>('input[data-reveals]').forEach((input) => {
    const reveal = document.getElementById(input.dataset.reveals ?? '')
    reveal?.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
  })
}

export function radios(o: ChoiceOptions & { value?: string }): Content {
  const modifiers = `${o.inline ? ' govuk-radios--inline' : ''}${o.small ? ' govuk-radios--small' : ''}`
  const reveals = o.items.some((item) => item.conditional)
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    <fieldset
      class="govuk-fieldset"
      aria-describedby=${ifDefined(describedBy(o.hint ? `${o.name}-hint` : undefined, o.error && `${o.name}-error`))}
    >
      ${legend(o.legend)} ${hintBlock(o.name, o.hint)} ${errorMessage(o.name, o.error)}
      <div class="govuk-radios${modifiers}" data-module="govuk-radios" @change=${reveals ? syncReveals : nothing}>
        ${o.items.map((item, i) => {
          const id = choiceId(o.name, i)
          const chosen = o.value === item.value
          return html`${item.dividerBefore
              ? html`<div class="govuk-radios__divider">${item.dividerBefore}</div>`
              : nothing}
            <div class="govuk-radios__item">
              <input
                class="govuk-radios__input"
                id="${id}"
                name="${o.name}"
                type="radio"
                value="${item.value}"
                .checked=${chosen}
                data-reveals=${ifDefined(item.conditional ? `conditional-${id}` : undefined)}
                aria-describedby=${ifDefined(item.hint ? `${id}-item-hint` : undefined)}
              />
              <label class="govuk-label govuk-radios__label" for="${id}">${item.text}</label>
              ${item.hint
                ? html`<div id="${id}-item-hint" class="govuk-hint govuk-radios__hint">
                    ${item.hint}
                  </div>`
                : nothing}
            </div>
            ${item.conditional
              ? html`<div class="govuk-radios__conditional${chosen ? '' : ' govuk-radios__conditional--hidden'}" id="conditional-${id}">
                  ${item.conditional}
                </div>`
              : nothing}`
        })}
      </div>
    </fieldset>
  </div>`
}

export function checkboxes(o: ChoiceOptions & { values?: string[] }): Content {
  const chosen = new Set(o.values ?? [])
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    <fieldset
      class="govuk-fieldset"
      aria-describedby=${ifDefined(describedBy(o.hint ? `${o.name}-hint` : undefined, o.error && `${o.name}-error`))}
    >
      ${legend(o.legend)} ${hintBlock(o.name, o.hint)} ${errorMessage(o.name, o.error)}
      <div class="govuk-checkboxes${o.small ? ' govuk-checkboxes--small' : ''}" data-module="govuk-checkboxes">
        ${o.items.map((item, i) => {
          const id = choiceId(o.name, i)
          return html`${item.dividerBefore
              ? html`<div class="govuk-checkboxes__divider">${item.dividerBefore}</div>`
              : nothing}
            <div class="govuk-checkboxes__item">
              <input
                class="govuk-checkboxes__input"
                id="${id}"
                name="${o.name}"
                type="checkbox"
                value="${item.value}"
                .checked=${chosen.has(item.value)}
                data-behaviour=${ifDefined(item.exclusive ? 'exclusive' : undefined)}
                aria-describedby=${ifDefined(item.hint ? `${id}-item-hint` : undefined)}
              />
              <label class="govuk-label govuk-checkboxes__label" for="${id}">${item.text}</label>
              ${item.hint
                ? html`<div id="${id}-item-hint" class="govuk-hint govuk-checkboxes__hint">
                    ${item.hint}
                  </div>`
                : nothing}
            </div>`
        })}
      </div>
    </fieldset>
  </div>`
}

export interface DateParts {
  day: string
  month: string
  year: string
}

export interface DateOptions {
  id: string
  legend: Legend
  hint?: Content
  value?: Partial<DateParts>
  error?: string
  errorParts?: (keyof DateParts)[] // the parts to mark; all when omitted
}

export function dateInput(o: DateOptions): Content {
  const marked = (part: keyof DateParts) =>
    o.error && (!o.errorParts || o.errorParts.includes(part)) ? 'govuk-input--error' : ''
  const part = (name: keyof DateParts, text: string, width: number) => html`<div
    class="govuk-date-input__item"
  >
    <div class="govuk-form-group">
      <label class="govuk-label govuk-date-input__label" for="${o.id}-${name}">${text}</label>
      <input
        class="govuk-input govuk-date-input__input govuk-input--width-${width} ${marked(name)}"
        id="${o.id}-${name}"
        name="${o.id}-${name}"
        type="text"
        inputmode="numeric"
        .value=${o.value?.[name] ?? ''}
      />
    </div>
  </div>`
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    <fieldset
      class="govuk-fieldset"
      role="group"
      aria-describedby=${ifDefined(describedBy(o.hint ? `${o.id}-hint` : undefined, o.error && `${o.id}-error`))}
    >
      ${legend(o.legend)} ${hintBlock(o.id, o.hint)} ${errorMessage(o.id, o.error)}
      <div class="govuk-date-input" id="${o.id}">
        ${part('day', 'Day', 2)} ${part('month', 'Month', 2)} ${part('year', 'Year', 4)}
      </div>
    </fieldset>
  </div>`
}

// The id the error summary links to for a date: its first marked part.
export function dateErrorId(id: string, parts?: (keyof DateParts)[]): string {
  return `${id}-${parts?.[0] ?? 'day'}`
}

export interface SelectOptions {
  id: string
  label: Content
  hint?: Content
  value?: string
  error?: string
  groups: { label?: string; options: { value: string; text: string }[] }[]
}

export function select(o: SelectOptions): Content {
  const option = (opt: { value: string; text: string }) =>
    html`<option value="${opt.value}" ?selected=${opt.value === (o.value ?? '')}>${opt.text}</option>`
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    ${label(o.id, o.label)} ${hintBlock(o.id, o.hint)} ${errorMessage(o.id, o.error)}
    <select
      class="govuk-select ${o.error ? 'govuk-select--error' : ''}"
      id="${o.id}"
      name="${o.id}"
      aria-describedby=${ifDefined(describedBy(o.hint ? `${o.id}-hint` : undefined, o.error && `${o.id}-error`))}
    >
      ${o.groups.map((g) =>
        g.label
          ? html`<optgroup label="${g.label}">${g.options.map(option)}</optgroup>`
          : g.options.map(option),
      )}
    </select>
  </div>`
}

export function button(
  text: Content,
  opts: { secondary?: boolean; start?: boolean; type?: string; name?: string; value?: string } = {},
): Content {
  const cls = `govuk-button${opts.secondary ? ' govuk-button--secondary' : ''}${opts.start ? ' govuk-button--start' : ''}`
  return html`<button type="${opts.type ?? 'submit'}" class="${cls}" name=${ifDefined(opts.name)} value=${ifDefined(opts.value)} data-module="govuk-button" data-prevent-double-click="true">
    ${text}
  </button>`
}

export function linkButton(href: string, text: Content, opts: { secondary?: boolean; start?: boolean } = {}): Content {
  const cls = `govuk-button${opts.secondary ? ' govuk-button--secondary' : ''}${opts.start ? ' govuk-button--start' : ''}`
  return html`<a href="${href}" role="button" draggable="false" class="${cls}" data-module="govuk-button">
    ${text}
    ${opts.start
      ? html`<svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
        </svg>`
      : nothing}
  </a>`
}

export interface SummaryRow {
  key: Content
  value: Content
  actions?: { href: string; text: string; hidden: string }[]
}

export function summaryList(rows: SummaryRow[], opts: { noBorder?: boolean } = {}): Content {
  const anyActions = rows.some((r) => r.actions?.length)
  return html`<dl class="govuk-summary-list${opts.noBorder ? ' govuk-summary-list--no-border' : ''}">
    ${rows.map(
      (r) => html`<div class="govuk-summary-list__row${anyActions && !r.actions?.length ? ' govuk-summary-list__row--no-actions' : ''}">
        <dt class="govuk-summary-list__key">${r.key}</dt>
        <dd class="govuk-summary-list__value">${r.value}</dd>
        ${r.actions?.length
          ? html`<dd class="govuk-summary-list__actions">
              ${r.actions.map(
                (a) => html`<a class="govuk-link" href="${a.href}">
                  ${a.text}<span class="govuk-visually-hidden"> ${a.hidden}</span>
                </a>`,
              )}
            </dd>`
          : nothing}
      </div>`,
    )}
  </dl>`
}

export interface CardAction {
  href: string
  text: string
  hidden: string // what the link is about, for screen readers
}

export function summaryCard(title: Content, body: Content, headingLevel: 2 | 3 = 2, actions: CardAction[] = []): Content {
  const heading =
    headingLevel === 2
      ? html`<h2 class="govuk-summary-card__title">${title}</h2>`
      : html`<h3 class="govuk-summary-card__title">${title}</h3>`
  const link = (a: CardAction) =>
    html`<a class="govuk-link" href="${a.href}">${a.text}<span class="govuk-visually-hidden"> ${a.hidden}</span></a>`
  // One action sits on its own; several are a list (as the Nunjucks macro does).
  const links =
    actions.length === 1
      ? html`<div class="govuk-summary-card__actions">${link(actions[0])}</div>`
      : actions.length
        ? html`<ul class="govuk-summary-card__actions">
            ${actions.map((a) => html`<li class="govuk-summary-card__action">${link(a)}</li>`)}
          </ul>`
        : nothing
  return html`<div class="govuk-summary-card">
    <div class="govuk-summary-card__title-wrapper">${heading}${links}</div>
    <div class="govuk-summary-card__content">${body}</div>
  </div>`
}

export interface TableOptions {
  caption: Content
  captionSize?: 's' | 'm' | 'l'
  head: Content[]
  rows: Content[][]
  numeric?: number[] // column indexes that hold numbers
  classes?: string
}

export function table(o: TableOptions): Content {
  const numeric = new Set(o.numeric ?? [])
  return html`<table class="govuk-table ${o.classes ?? ''}">
    <caption class="govuk-table__caption govuk-table__caption--${o.captionSize ?? 'm'}">${o.caption}</caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        ${o.head.map(
          (h, i) =>
            html`<th scope="col" class="govuk-table__header${numeric.has(i) ? ' govuk-table__header--numeric' : ''}">${h}</th>`,
        )}
      </tr>
    </thead>
    <tbody class="govuk-table__body">
      ${o.rows.map(
        (row) => html`<tr class="govuk-table__row">
          ${row.map((cell, i) =>
            i === 0
              ? html`<th scope="row" class="govuk-table__header">${cell}</th>`
              : html`<td class="govuk-table__cell${numeric.has(i) ? ' govuk-table__cell--numeric' : ''}">${cell}</td>`,
          )}
        </tr>`,
      )}
    </tbody>
  </table>`
}

export type TagColour = 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow'

export function tag(text: string, colour?: TagColour): Content {
  return html`<strong class="govuk-tag${colour ? ` govuk-tag--${colour}` : ''}">${text}</strong>`
}

export function notificationBanner(o: { success?: boolean; heading: Content; body?: Content }): Content {
  const title = o.success ? 'Success' : 'Important'
  return html`<div
    class="govuk-notification-banner${o.success ? ' govuk-notification-banner--success' : ''}"
    role=${ifDefined(o.success ? 'alert' : 'region')}
    aria-labelledby="govuk-notification-banner-title"
    data-module="govuk-notification-banner"
    data-disable-auto-focus="true"
    tabindex="-1"
  >
    <div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">${title}</h2>
    </div>
    <div class="govuk-notification-banner__content">
      <p class="govuk-notification-banner__heading">${o.heading}</p>
      ${o.body ?? nothing}
    </div>
  </div>`
}

export function panel(title: Content, body?: Content): Content {
  return html`<div class="govuk-panel govuk-panel--confirmation">
    <h1 class="govuk-panel__title" tabindex="-1">${title}</h1>
    ${body ? html`<div class="govuk-panel__body">${body}</div>` : nothing}
  </div>`
}

export function insetText(body: Content): Content {
  return html`<div class="govuk-inset-text">${body}</div>`
}

export function warningText(body: Content): Content {
  return html`<div class="govuk-warning-text">
    <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
    <strong class="govuk-warning-text__text">
      <span class="govuk-visually-hidden">Warning</span>
      ${body}
    </strong>
  </div>`
}

export function details(summary: Content, body: Content): Content {
  return html`<details class="govuk-details">
    <summary class="govuk-details__summary">
      <span class="govuk-details__summary-text">${summary}</span>
    </summary>
    <div class="govuk-details__text">${body}</div>
  </details>`
}

export function pagination(o: { previous?: string; next?: string; label?: string }): Content {
  if (!o.previous && !o.next) return nothing
  const arrowPrev = html`<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
    <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
  </svg>`
  const arrowNext = html`<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
    <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
  </svg>`
  return html`<nav class="govuk-pagination govuk-pagination--block" aria-label="${o.label ?? 'Pages'}">
    ${o.previous
      ? html`<div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href="${o.previous}" rel="prev">
            ${arrowPrev}
            <span class="govuk-pagination__link-title govuk-pagination__link-title--decorated">Previous<span class="govuk-visually-hidden"> page</span></span>
          </a>
        </div>`
      : nothing}
    ${o.next
      ? html`<div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href="${o.next}" rel="next">
            ${arrowNext}
            <span class="govuk-pagination__link-title govuk-pagination__link-title--decorated">Next<span class="govuk-visually-hidden"> page</span></span>
          </a>
        </div>`
      : nothing}
  </nav>`
}

// Links between the views of one page (the dashboards' measures, the
// retention queues): the current one bold and underlined, and marked
// aria-current for assistive technology.
export function subNavigation(label: string, items: { href: string; text: string; current: boolean }[]): Content {
  return html`<nav class="app-sub-navigation" aria-label="${label}">
    <ul class="app-sub-navigation__list">
      ${items.map(
        (item) => html`<li class="app-sub-navigation__item">
          <a class="govuk-link govuk-link--no-visited-state app-sub-navigation__link" href="${item.href}" aria-current=${item.current ? 'page' : nothing}>${item.text}</a>
        </li>`,
      )}
    </ul>
  </nav>`
}

export function heading(text: Content, opts: { size?: LabelSize; caption?: Content } = {}): Content {
  return html`${opts.caption ? html`<span class="govuk-caption-${opts.size ?? 'l'}">${opts.caption}</span>` : nothing}
    <h1 class="govuk-heading-${opts.size ?? 'l'}" tabindex="-1">${text}</h1>`
}

// A group of related fields under one legend (a plan in several parts).
export function fieldset(o: { legend: Legend; hint?: Content; id: string }, body: Content): Content {
  return html`<div class="govuk-form-group">
    <fieldset class="govuk-fieldset" aria-describedby=${ifDefined(o.hint ? `${o.id}-hint` : undefined)}>
      ${legend(o.legend)} ${hintBlock(o.id, o.hint)} ${body}
    </fieldset>
  </div>`
}
