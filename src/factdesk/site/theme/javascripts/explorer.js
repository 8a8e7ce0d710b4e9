/* The claims explorer (claims/explorer/): filters for the server-rendered list of claims.
 *
 * Without this script the page is the full list. The page carries every value as data
 * attributes: the status line (#fd-explorer) lists each filter's values in display order, each
 * claim's <li> lists its own, and links marked data-fd-facet/data-fd-value give the labels.
 * The state lives in the address (?verdict=&source=&claimant=&kind=&tag=&year=&text=&sort=oldest), so a
 * filtered view can be shared and a reload restores it. The words are `text`, not `q`: Material
 * opens its own search for `?q=`. A value no option has (a mistyped or outdated link) is named in
 * a notice and left in the address until the reader changes the view. On a narrow screen the
 * filters fold behind one button, so that the first claims show on the first screen; the
 * stylesheet keeps them open on a wide one. Plain ES2017, no network: works from file://.
 */
(() => {
  "use strict";

  // The words, in the page's language: `window.factdesk`, which the page's head defines
  // (factdesk.site.site_theme.script_words); the English given here where it is missing.
  const SAID = window.factdesk || null;
  const fill = (text, values) => text.replace(/%\((\w+)\)[sd]/g,
    (all, name) => (values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all));
  const say = (key, english, values) => fill((SAID && SAID.words[key]) || english, values);
  function sayCount(key, english, count, values) {
    const forms = SAID && SAID.plurals[key];
    const form = forms ? forms[Math.min(SAID.plural(count), forms.length - 1)] : english[count === 1 ? 0 : 1];
    return fill(form, Object.assign({ num: count }, values));
  }

  // `unknown` says that the address asks for a value no option has, in the notice that says so.
  const FILTERS = [
    { name: "verdict", label: say("verdict", "Verdict"), all: say("all.verdict", "All verdicts"),
      unknown: ["unknown.verdict", "No verdict called %(value)s; showing all verdicts."] },
    { name: "source", label: say("source", "Appeared in"), all: say("all.source", "All sources"),
      unknown: ["unknown.source", "No source called %(value)s; showing all sources."] },
    { name: "claimant", label: say("claimant", "Claimant"), all: say("all.claimant", "All claimants"),
      unknown: ["unknown.claimant", "No claimant called %(value)s; showing all claimants."] },
    { name: "kind", label: say("kind", "Kind of claimant"), all: say("all.kind", "All kinds"),
      unknown: ["unknown.kind", "No kind of claimant called %(value)s; showing all kinds."] },
    { name: "tag", label: say("tag", "Tag"), all: say("all.tag", "All tags"),
      unknown: ["unknown.tag", "No tag called %(value)s; showing all tags."] },
    { name: "year", label: say("year", "Year made"), all: say("all.year", "All years"),
      unknown: ["unknown.year", "No year called %(value)s; showing all years."] },
  ];
  const SORT = { name: "sort", all: say("newest", "Newest first"),
    unknown: ["unknown.sort", "No order called %(value)s; showing newest first."] };
  // A notice quotes at most this many characters of a value: an address can be any length.
  const QUOTED = 60;

  // The address's parameters, in the order it lists them.
  const PARAMETERS = [...FILTERS.map((f) => f.name), "text", "sort"];

  // As factdesk.site.pages.search_words folds the claims' words: lowercase, no accents, no punctuation.
  const words = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .split(/[\s!-/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f]+/).filter(Boolean);

  const has = (item, name, value) => (item.dataset[name] || "").split(" ").includes(value);

  function quoted(value) {
    const characters = Array.from(value);  // not value.slice: it could cut a character in two
    return say("quoted", "“%(text)s”", { text: characters.length > QUOTED ? characters.slice(0, QUOTED).join("") + "…" : value });
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text) node.textContent = text;  // never innerHTML: labels are editors' text
    return node;
  }

  function field(control, label, wide) {
    const wrapper = element("div", { class: "fd-explorer__field" + (wide ? " fd-explorer__field--wide" : "") });
    wrapper.append(element("label", { for: control.id }, label), control);
    return wrapper;
  }

  function start() {
    const status = document.getElementById("fd-explorer");
    if (!status || status.dataset.fdReady) return;
    const items = Array.from(document.querySelectorAll("li[data-verdict][data-date]"));
    if (!items.length) return;
    status.dataset.fdReady = "true";
    const list = items[0].parentElement;
    const controls = {};
    // On a narrow screen the stylesheet hides the form while this button says it is collapsed.
    const toggle = element("button", { type: "button", class: "fd-explorer__toggle", "aria-expanded": "false",
      "aria-controls": "fd-explorer-filters" }, say("filters", "Filters"));
    const form = element("form", { id: "fd-explorer-filters", class: "fd-explorer__filters", role: "search",
      "aria-label": say("filter.claims", "Filter the claims") });

    controls.text = element("input", { id: "fd-filter-text", name: "text", type: "search", autocomplete: "off",
      placeholder: say("words.placeholder", "Words from a claim, claimant or quote") });
    form.append(field(controls.text, say("words", "Search the claims"), true));
    controls.sort = element("select", { id: "fd-filter-sort", name: "sort" });
    controls.sort.append(element("option", { value: "" }, SORT.all), element("option", { value: "oldest" }, say("oldest", "Oldest first")));
    form.append(field(controls.sort, say("order", "Order by date made")));
    for (const filter of FILTERS) {
      const select = element("select", { id: `fd-filter-${filter.name}`, name: filter.name });
      select.append(element("option", { value: "" }, filter.all));
      const seen = new Set();
      for (const value of (status.dataset[filter.name] || "").split(" ").filter(Boolean)) {
        const labelled = document.querySelector(`[data-fd-facet="${filter.name}"][data-fd-value="${CSS.escape(value)}"]`);
        let label = labelled ? labelled.textContent.trim() : value;
        // Two sources may share a publisher and a date; their ids tell them apart.
        if (seen.has(label)) label += ` (${value})`;
        seen.add(label);
        const count = items.filter((item) => has(item, filter.name, value)).length;
        select.append(element("option", { value }, `${label} (${count})`));
      }
      controls[filter.name] = select;
      form.append(field(select, filter.label));
    }
    const clear = element("button", { type: "button", class: "md-button fd-explorer__clear" }, say("clear", "Clear filters"));
    form.append(clear);

    const empty = element("p", { class: "fd-explorer__empty", hidden: "" }, say("none", "No claim matches all these filters.") + " ");
    const emptyClear = element("button", { type: "button", class: "fd-explorer__link" }, say("clear.the", "Clear the filters"));
    empty.append(emptyClear);
    // Says what the address asked for that no option has (see `notify`); the stylesheet shows it only with text.
    const notice = element("p", { class: "fd-explorer__notice", role: "status" });
    status.before(toggle, form, notice);
    list.after(empty);

    // What the address asked for that no option has, said in the notice until the reader changes the view.
    let unknownSaid = false;
    let noticeTimer;
    function notify(sentences) {
      unknownSaid = sentences.length > 0;
      clearTimeout(noticeTimer);
      notice.textContent = "";
      // Filled a moment after the region is in the page: a live region announces what changes in
      // it, not what it holds when it appears. As text, never HTML: the address is anyone's text.
      if (unknownSaid) noticeTimer = setTimeout(() => notice.append(...sentences.map((s) => element("span", {}, s))), 100);
    }

    const current = () => {
      const state = {};
      for (const name of Object.keys(controls)) state[name] = controls[name].value.trim();
      return state;
    };

    let addressTimer;
    function apply(writeAddress) {
      const state = current();
      const wanted = words(state.text);
      let shown = 0;
      for (const item of items) {
        const visible = FILTERS.every((f) => !state[f.name] || has(item, f.name, state[f.name]))
          && wanted.every((word) => (item.dataset.text || "").includes(word));
        item.hidden = !visible;
        if (visible) shown += 1;
      }
      // The page lists newest first; oldest first is the same list turned round.
      for (const item of state.sort === "oldest" ? items.slice().reverse() : items) list.append(item);
      status.textContent = sayCount("shown", ["%(shown)d of %(num)d claim", "%(shown)d of %(num)d claims"], items.length,
        { shown });
      empty.hidden = shown > 0;
      const active = [...FILTERS.map((f) => f.name), "text"].filter((name) => state[name]).length;
      toggle.textContent = active ? sayCount("filters.active", ["Filters (%(num)d active)", "Filters (%(num)d active)"], active)
        : say("filters", "Filters");
      if (writeAddress && unknownSaid) notify([]);  // the address will say what is shown
      clear.disabled = !Object.values(state).some(Boolean) && !unknownSaid;
      if (writeAddress) {
        // Safari refuses more than 100 history updates in 30 seconds: typing must not reach that.
        clearTimeout(addressTimer);
        addressTimer = setTimeout(() => writeUrl(state), 300);
      }
    }

    function writeUrl(state) {
      const params = new URLSearchParams();
      for (const name of PARAMETERS) if (state[name]) params.set(name, state[name]);
      const search = params.toString();
      try {
        history.replaceState(history.state, "", (search ? `?${search}` : location.pathname) + location.hash);
      } catch (error) {
        // A browser may refuse history updates on a file:// page; the filters work all the same.
      }
    }

    // Sets the controls from the address; returns what it asks for that no option has.
    function readUrl() {
      const params = new URLSearchParams(location.search);
      const unknown = [];
      for (const [name, control] of Object.entries(controls)) {
        const value = params.get(name) || "";
        const known = control.tagName !== "SELECT" || Array.from(control.options).some((o) => o.value === value);
        control.value = known ? value : "";
        if (!known) unknown.push({ filter: FILTERS.find((f) => f.name === name) || SORT, value });
      }
      return unknown;
    }

    function reset() {
      for (const control of Object.values(controls)) control.value = "";
      apply(true);
      // The button pressed may now be hidden (the message it was in, or folded filters).
      (controls.text.getClientRects().length ? controls.text : toggle).focus();
    }

    toggle.addEventListener("click", () => {
      toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
    });
    form.addEventListener("input", () => apply(true));
    form.addEventListener("change", () => apply(true));
    form.addEventListener("submit", (event) => event.preventDefault());
    clear.addEventListener("click", reset);
    emptyClear.addEventListener("click", reset);
    // The address is left as it is, not rewritten without what it asked for: the notice says why
    // that is not what is shown.
    notify(readUrl().map(({ filter, value }) => say(filter.unknown[0], filter.unknown[1], { value: quoted(value) })));
    apply(false);
    // A live region from here on, so that the count is announced as filters change, not on load.
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
  }

  // With Material's instant loading, `document$` emits each page; without it, once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
