// Threadline's web application: GOV.UK Frontend markup rendered in the
// browser from the HTTP API, with a small History API router.

import './styles.scss'
import { start } from './app'
import './pages/signIn'
import './pages/home'
import './pages/reports'
import './pages/newReport'
import './pages/screening'
import './pages/screeningResult'
import './pages/person'
import './pages/admin'
import './pages/cases'
import './pages/panels'

// What govuk-frontend's page template does with an inline script, done here
// (the server's Content Security Policy allows no inline script): a browser
// that runs this module script supports ES modules, GOV.UK Frontend's test.
document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported')

start()
