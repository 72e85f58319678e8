// Starts govuk-frontend's JavaScript on elements rendered since the last
// call. Each component marks the element it started on
// (data-<module>-init), so nothing is started twice.

import {
  Button,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  type Component,
} from 'govuk-frontend'

type ComponentClass = new ($root: Element, config?: object) => Component

const components: [string, ComponentClass, object?][] = [
  ['govuk-button', Button],
  ['govuk-checkboxes', Checkboxes],
  // The router moves focus itself, after the page is in place.
  ['govuk-error-summary', ErrorSummary, { disableAutoFocus: true }],
  ['govuk-exit-this-page', ExitThisPage],
  ['govuk-notification-banner', NotificationBanner, { disableAutoFocus: true }],
  ['govuk-radios', Radios],
  ['govuk-service-navigation', ServiceNavigation],
  ['govuk-skip-link', SkipLink],
]

export function initComponents(scope: HTMLElement): void {
  for (const [name, Component, config] of components) {
    scope.querySelectorAll(`[data-module="${name}"]:not([data-${name}-init])`).forEach((el) => {
      try {
        new Component(el, config)
      } catch (error) {
        console.error(`${name} did not start`, error)
      }
    })
  }
}
