// Starts nhsuk-frontend's components (header menu, error summary focus, password reveal…).
import { initAll } from './nhsuk-frontend-10.6.1.min.js';
initAll();

// While a nurse writes free text the young person will read, show how readable it is. The
// server scores it (the same rule as the saved draft's hints); it is a hint, never a block.
for (const area of document.querySelectorAll('textarea[data-readability]')) {
  const hint = document.getElementById(area.dataset.readability);
  const token = area.form && area.form.querySelector('input[name="csrf_token"]');
  if (!hint || !token) continue;
  let timer;
  area.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const body = new URLSearchParams({ csrf_token: token.value, text: area.value });
      try {
        const res = await fetch('/readability', { method: 'POST', body, credentials: 'same-origin' });
        if (res.ok) hint.textContent = await res.text();
      } catch (e) {
        // Offline or signed out: the hint waits for the next save.
      }
    }, 600);
  });
}

// While a nurse writes an article, show its reading ease as publishing will judge it: the
// form's title, summary and article go to the server, which scores them with the publish
// check's own rule and answers the words the page shows under the form after a save.
for (const form of document.querySelectorAll('form[data-live-readability]')) {
  const hint = document.getElementById(form.dataset.liveReadabilityHint);
  if (!hint) continue;
  let timer;
  form.addEventListener('input', (event) => {
    if (!['title', 'summary', 'body_markdown'].includes(event.target.name)) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const data = new FormData(form);
      const body = new URLSearchParams();
      for (const name of ['csrf_token', 'title', 'summary', 'body_markdown']) {
        body.append(name, data.get(name) || '');
      }
      try {
        const res = await fetch(form.dataset.liveReadability, { method: 'POST', body, credentials: 'same-origin' });
        if (res.ok) hint.textContent = await res.text();
      } catch (e) {
        // Offline or signed out: the hint waits for the next save.
      }
    }, 600);
  });
}
