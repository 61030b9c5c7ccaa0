// Marks the page as scripted before it paints, as nhsuk-frontend's template does inline
// (the console's Content-Security-Policy allows no inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
