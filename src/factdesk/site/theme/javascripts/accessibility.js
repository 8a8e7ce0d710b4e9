// Material's search dialog has no accessible name; screen readers would announce "dialog" alone.
(function () {
  "use strict";
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) {
    // In the page's language: `window.factdesk` (factdesk.site.site_theme.script_words).
    dialog.setAttribute("aria-label", (window.factdesk && window.factdesk.words.search) || "Search");
  }
})();
