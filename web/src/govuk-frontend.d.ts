// The parts of govuk-frontend's JavaScript this application uses (the
// package ships no type declarations).
declare module 'govuk-frontend' {
  export class Component {
    constructor($root: Element, config?: object)
  }
  export class Button extends Component {}
  export class CharacterCount extends Component {}
  export class Checkboxes extends Component {}
  export class ErrorSummary extends Component {}
  export class ExitThisPage extends Component {
    // Its Shift-key counting, and the reset after the page is shown again.
    handleKeypress(event: KeyboardEvent): void
    resetPage(): void
  }
  export class NotificationBanner extends Component {}
  export class Radios extends Component {}
  export class ServiceNavigation extends Component {}
  export class SkipLink extends Component {}
}
