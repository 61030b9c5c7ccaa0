// Swagger UI renders the "Servers" list as a <select id="servers"> with no accessible name
// (axe-core: select-name, WCAG 4.1.2). Name it whenever Swagger UI (re)renders it.
(function () {
  function name() {
    var select = document.getElementById("servers");
    if (select && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", "Server");
    }
  }
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
  name();
})();
