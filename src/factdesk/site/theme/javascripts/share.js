/* Sharing a claim page (theme/partials/factdesk-share.html): the "Copy link" button, and the
 * "Share…" button that opens the device's own share sheet where the browser has one.
 *
 * Both share the address the page carries (data-fd-share-url: the published address, og:url's),
 * never location.href: the same in the offline edition, read from file://, whose addresses mean
 * nothing to anyone else. Without this script both buttons stay hidden and the plain links to the
 * platforms still work. Nothing here makes a request. Plain ES2017: works from file://.
 */
(() => {
  "use strict";

  // The words, in the page's language: `window.factdesk`, which the page's head defines
  // (factdesk.site.site_theme.script_words); English where it is missing.
  const SAID = window.factdesk || null;
  const word = (key, english) => (SAID && SAID.words[key]) || english;
  const COPIED = word("copied", "Link copied");
  const COPY_IT = word("copy.refused",
    "Your browser did not let this page copy. The address is selected: copy it with Ctrl+C (Command+C on a Mac).");

  // Says `message` in the status line, which screen readers announce. Emptied first, so that the
  // same message said twice (a second copy) is announced twice.
  function say(status, message) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 100);
  }

  async function copy(box, url) {
    const status = box.querySelector(".fd-share__status");
    const field = box.querySelector(".fd-share__address");
    try {
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        throw new Error("no Clipboard API");  // an address that is not a secure context, an old browser
      }
      await navigator.clipboard.writeText(url);
      field.hidden = true;
      say(status, COPIED);
    } catch (refused) {
      // The address in a field, selected, for the reader to copy; copied for them if the older way works.
      field.hidden = false;
      field.focus();
      field.select();
      let copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      say(status, copied ? COPIED : COPY_IT);
    }
  }

  function start() {
    const box = document.querySelector(".fd-share[data-fd-share-url]");
    if (!box || box.dataset.fdShareReady) {
      return;
    }
    box.dataset.fdShareReady = "true";
    const url = box.dataset.fdShareUrl;
    const title = box.dataset.fdShareTitle || document.title;

    const copyButton = box.querySelector('button[data-fd-share="copy"]');
    copyButton.addEventListener("click", () => copy(box, url));
    copyButton.hidden = false;

    const shareButton = box.querySelector('button[data-fd-share="native"]');
    const data = { title, url };
    const canShare = typeof navigator.canShare !== "function" || navigator.canShare(data);
    if (typeof navigator.share === "function" && canShare) {
      shareButton.addEventListener("click", () => {
        // Rejected when the reader closes the sheet without sharing: nothing to say.
        navigator.share(data).catch(() => {});
      });
      shareButton.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
