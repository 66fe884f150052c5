// Progressive enhancement only: every page works without this file.
// Move focus to the error summary of a form that came back with errors, so that screen-reader
// and keyboard users start where the problem is described.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
}
