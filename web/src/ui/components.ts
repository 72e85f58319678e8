// Starts govuk-frontend's JavaScript on elements rendered since the last
// call. Each component marks the element it started on
// (data-<module>-init), so nothing is started twice. "Exit this page" is
// started and stopped by ./exitThisPage, so that its keyboard shortcut ends
// with the page that shows it.

import {
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  type Component,
} from 'govuk-frontend'
import { startExitThisPage, syncExitThisPage } from './exitThisPage'

type Start = (root: Element, config?: object) => void

const component =
  (Component: new ($root: Element, config?: object) => Component): Start =>
  (root, config) =>
    void new Component(root, config)

const components: [string, Start, object?][] = [
  ['govuk-button', component(Button)],
  ['govuk-character-count', component(CharacterCount)],
  ['govuk-checkboxes', component(Checkboxes)],
  // The router moves focus itself, after the page is in place.
  ['govuk-error-summary', component(ErrorSummary), { disableAutoFocus: true }],
  ['govuk-exit-this-page', startExitThisPage],
  ['govuk-notification-banner', component(NotificationBanner), { disableAutoFocus: true }],
  ['govuk-radios', component(Radios)],
  ['govuk-service-navigation', component(ServiceNavigation)],
  ['govuk-skip-link', component(SkipLink)],
]

export function initComponents(scope: HTMLElement): void {
  for (const [name, start, config] of components) {
    scope.querySelectorAll(`[data-module="${name}"]:not([data-${name}-init])`).forEach((el) => {
      try {
        start(el, config)
      } catch (error) {
        console.error(`${name} did not start`, error)
      }
    })
  }
  // A page without the exit control leaves no shortcut behind.
  syncExitThisPage()
}
