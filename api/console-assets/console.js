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
