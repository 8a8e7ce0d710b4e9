/* The claims explorer (claims/explorer/): filters over the index of the claims, loaded a part at a time.
 *
 * The page holds no claim. Its status line (#fd-explorer) names the folder of the index, from the
 * site's root (data-fd-index; see factdesk.site.explorer_index): facets.js gives each filter's values
 * with their labels, counts and the chunks that hold them; the claims follow, newest first, in
 * chunks, and each chunk's words for the text filter, loaded only once words are typed. Each file is
 * a script that hands its data to `factdeskExplorer.receive`: the offline edition, opened from
 * file://, may run scripts but not fetch() files. A page of results (PAGE) is listed as soon as the
 * chunks read so far hold it, reading them in order and skipping those the facets say hold no match;
 * "Show more" lists the next page. Each item is built of DOM nodes, the editors' text as text; its
 * verdict badge is a copy of one of the page's own (.fd-explorer__badges, hidden), with Material's
 * icon. The site's root and form of address (claims/x/ or claims/x.html) are read from a badge's
 * link, which MkDocs wrote. Without this script the page links the lists that hold every claim.
 *
 * The state lives in the address (?verdict=&source=&claimant=&kind=&tag=&year=&text=&sort=oldest), so a
 * filtered view can be shared and a reload restores it. The words are `text`, not `q`: Material
 * opens its own search for `?q=`. A value no option has (a mistyped or outdated link) is named in
 * a notice and left in the address until the reader changes the view. On a narrow screen the
 * filters fold behind one button, so that the first claims show on the first screen; the
 * stylesheet keeps them open on a wide one. Plain ES2017.
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
  // Claims listed at a time: the first page, then each "Show more".
  const PAGE = 50;

  // The address's parameters, in the order it lists them.
  const PARAMETERS = [...FILTERS.map((f) => f.name), "text", "sort"];

  // As factdesk.site.pages.search_words folds the claims' words: lowercase, no accents, no punctuation.
  const words = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .split(/[\s!-/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f]+/).filter(Boolean);

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

  // The index's files -------------------------------------------------------------------------

  // Each file, a script, calls `receive` with its name and data; `load` resolves once it has.
  const waiting = new Map();
  const loading = new Map();
  window.factdeskExplorer = {
    receive(name, data) {
      const resolve = waiting.get(name);
      waiting.delete(name);
      if (resolve) resolve(data);
    },
  };

  function load(folder, name, version) {
    if (!loading.has(name)) {
      const loaded = new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const script = document.createElement("script");
        // The version, a hash of the chunk, so that a browser that kept an earlier edition's fetches this one.
        script.src = new URL(name + ".js" + (version ? "?v=" + version : ""), folder).href;
        script.async = true;
        // A script runs before its `load` event: a file that did not call `receive` was not the one asked for.
        script.addEventListener("load", () => {
          script.remove();
          if (waiting.has(name)) reject(new Error(`${name} gave no data`));
        });
        script.addEventListener("error", () => {
          script.remove();
          reject(new Error(`${name} could not be loaded`));
        });
        document.head.append(script);
      });
      // A file that failed is asked for again next time (the reader may be back online).
      loaded.catch(() => { waiting.delete(name); loading.delete(name); });
      loading.set(name, loaded);
    }
    return loading.get(name);
  }

  // The site's root and form of address, from a link MkDocs wrote: a badge's, whose data-fd-path is
  // the path of the page it links from the root, without an ending ("verdicts/false").
  function addresses(badge) {
    const path = badge.dataset.fdPath || "";
    for (const ending of ["/", ".html"]) {
      if (path && badge.href.endsWith(path + ending)) {
        const root = badge.href.slice(0, badge.href.length - path.length - ending.length);
        return { root, page: (folder, name) => `${root}${folder}/${encodeURIComponent(name)}${ending}` };
      }
    }
    return null;
  }

  // The explorer ------------------------------------------------------------------------------

  // The explorer's page, if this is it: its status line, badges, site and index folder.
  function located() {
    const status = document.getElementById("fd-explorer");
    if (!status || !status.dataset.fdIndex) return null;
    const badges = new Map(Array.from(document.querySelectorAll(".fd-explorer__badges [data-fd-badge]"),
      (badge) => [badge.dataset.fdBadge, badge]));
    const site = badges.size ? addresses(badges.values().next().value) : null;
    return site && { status, badges, site, folder: new URL(status.dataset.fdIndex, site.root) };
  }

  function start() {
    const page = located();
    if (!page || page.status.dataset.fdReady) return;
    const { status, badges, site, folder } = page;
    status.dataset.fdReady = "true";
    status.textContent = say("loading", "Loading the claims…");
    load(folder, "facets").then((facets) => explore(status, facets, folder, site, badges), () => {
      status.textContent = say("failed", "The claims could not be loaded. Every claim is in the lists below.");
    });
  }

  function explore(status, facets, folder, site, badges) {
    // Each filter's values: value, count, chunks (hex digits, one bit a chunk), labels.
    const entries = {};
    for (const filter of FILTERS) entries[filter.name] = new Map((facets[filter.name] || []).map((e) => [e[0], e]));
    const label = (filter, value, at) => { const e = entries[filter].get(value); return (e && e[at]) || value; };
    const chunks = facets.chunks.map(([name, version, size], at) => ({ name, version, size, at }));
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
      controls[filter.name] = select;
      form.append(field(select, filter.label));
    }

    // A value's option, named with its count. A source is named by its publisher and date; two may
    // share both, and their ids tell them apart (`seen`: the names given so far).
    function option(filter, [value, count, , name, date], seen) {
      let text = filter.name === "source" ? `${name}, ${date}` : name || value;
      if (seen.has(text)) text += ` (${value})`;
      seen.add(text);
      return element("option", { value }, `${text} (${count})`);
    }
    // Every value's option. Thousands of sources and claimants make thousands of options, which took
    // the browser a third of a second at 10,000 claims: the selects get them once the first results
    // are listed (or once the reader reaches the form first), until then only the chosen value's.
    let offered = false;
    function offer() {
      if (offered) return;
      offered = true;
      for (const filter of FILTERS) {
        const select = controls[filter.name];
        const chosen = select.value;
        const options = document.createDocumentFragment();
        const seen = new Set();
        options.append(element("option", { value: "" }, filter.all));
        for (const entry of entries[filter.name].values()) options.append(option(filter, entry, seen));
        select.textContent = "";
        select.append(options);
        select.value = chosen;
      }
    }
    form.addEventListener("focusin", offer);
    form.addEventListener("pointerdown", offer);
    const clear = element("button", { type: "button", class: "md-button fd-explorer__clear" }, say("clear", "Clear filters"));
    form.append(clear);

    const list = element("ul", { class: "fd-explorer__results" });
    const empty = element("p", { class: "fd-explorer__empty", hidden: "" }, say("none", "No claim matches all these filters.") + " ");
    const emptyClear = element("button", { type: "button", class: "fd-explorer__link" }, say("clear.the", "Clear the filters"));
    empty.append(emptyClear);
    const more = element("button", { type: "button", class: "md-button fd-explorer__more", hidden: "" },
      say("more", "Show more claims"));
    // Says what the address asked for that no option has (see `notify`); the stylesheet shows it only with text.
    const notice = element("p", { class: "fd-explorer__notice", role: "status" });
    status.before(toggle, form, notice);
    status.after(list, empty, more);

    // One claim of the list (the order of its fields: explorer_index.Record).
    function item([slug, text, verdict, claimants, made, date, sources, tags]) {
      const li = element("li", { "data-verdict": verdict, "data-date": made });
      const badge = badges.get(verdict);
      if (badge) li.append(badge.cloneNode(true), " ");
      li.append(element("a", { class: "fd-explorer__claim", href: site.page(facets.folders.claim, slug) },
        say("quoted", "“%(text)s”", { text })), "\n");
      const meta = element("em", { class: "fd-explorer__meta" });
      claimants.forEach((id, at) => {
        // "A, B and C", as pages.and_separator puts them.
        if (at) meta.append(at === claimants.length - 1 ? say("and", " and ") : say("comma", ", "));
        meta.append(element("a", { href: site.page(facets.folders.claimant, id) }, label("claimant", id, 3)));
      });
      meta.append(` · ${date} · ${say("in", "in")} `);
      sources.forEach((id, at) => {
        if (at) meta.append(say("semicolon", "; "));
        // The source's date only where it is not the claim's.
        const published = label("source", id, 4);
        const name = label("source", id, 3) + (published !== date && published !== id ? `, ${published}` : "");
        meta.append(element("a", { href: site.page(facets.folders.source, id) }, name));
      });
      tags.forEach((slug, at) => {
        meta.append(at ? " " : " · ");
        meta.append(element("a", { class: "fd-explorer__tag", href: site.page(facets.folders.tag, slug) }, label("tag", slug, 3)));
      });
      li.append(meta);
      return li;
    }

    // Whether a chunk may hold a match of `state`'s filters, by the facets; and whether a claim is one.
    const inChunk = (mask, at) => ((parseInt(mask.charAt(at >> 2) || "0", 16) >> (at & 3)) & 1) === 1;
    const mayHold = (state, chunk) => FILTERS.every((f) => !state[f.name] || inChunk(entries[f.name].get(state[f.name])[2], chunk.at));
    const kindOf = (id) => label("claimant", id, 4);
    function matches(state, [, , verdict, claimants, made, , sources, tags]) {
      return (!state.verdict || verdict === state.verdict) && (!state.source || sources.includes(state.source))
        && (!state.claimant || claimants.includes(state.claimant))
        && (!state.kind || claimants.some((id) => kindOf(id) === state.kind))
        && (!state.tag || tags.includes(state.tag)) && (!state.year || made.slice(0, 4) === state.year);
    }

    // The view: what the filters let through, listed a page at a time as the chunks are read.
    let view = null;
    function newView(state) {
      const order = state.sort === "oldest" ? chunks.slice().reverse() : chunks;
      const filtered = FILTERS.filter((f) => state[f.name]);
      // Known without reading the chunks: no filter, or one facet (its count).
      const known = state.text ? null : filtered.length === 0 ? facets.claims
        : filtered.length === 1 ? entries[filtered[0].name].get(state[filtered[0].name])[1] : null;
      return { state, wanted: words(state.text), order, next: 0, found: [], listed: 0, known, done: false, failed: false };
    }

    // Lists the view's claims up to `limit`, reading chunks as it needs them, each claim as soon as a
    // chunk gives it; returns the first item it listed.
    async function listUpTo(current, limit) {
      let first = null;
      let chunksRead = 0;
      const shown = () => current === view;
      while (shown()) {
        const listing = current.found.slice(current.listed, limit);
        for (const record of listing) {
          const li = item(record);
          first = first || li;
          list.append(li);
        }
        current.listed += listing.length;
        if (current.listed >= limit || current.next >= current.order.length) break;
        if (listing.length) report(current, true);
        const chunk = current.order[current.next];
        if (mayHold(current.state, chunk)) {
          // Once a chunk has not been enough, the next one is asked for while this one is read.
          if (chunksRead > 0) prefetch(current, current.next + 1);
          try {
            await read(current, chunk);
          } catch (error) {
            current.failed = true;
            break;
          }
          chunksRead += 1;
        }
        current.next += 1;
      }
      if (shown()) {
        current.done = current.next >= current.order.length;
        report(current, false);
      }
      return first;
    }

    // The first file the view will read of the next chunk from `position` that may hold a match.
    function prefetch(current, position) {
      const chunk = current.order.slice(position).find((c) => mayHold(current.state, c));
      if (chunk) load(folder, `${current.wanted.length ? "words" : "claims"}-${chunk.name}`, chunk.version).catch(() => {});
    }

    async function read(current, chunk) {
      let candidates = null;
      if (current.wanted.length) {
        const texts = await load(folder, `words-${chunk.name}`, chunk.version);
        candidates = [];
        texts.forEach((text, at) => current.wanted.every((word) => text.includes(word)) && candidates.push(at));
        if (!candidates.length) return;
      }
      const records = await load(folder, `claims-${chunk.name}`, chunk.version);
      const found = (candidates ? candidates.map((at) => records[at]) : records).filter((r) => matches(current.state, r));
      current.found.push(...(current.state.sort === "oldest" ? found.reverse() : found));
    }

    // The status line: how many claims the view holds, "at least" while the chunks not yet read may
    // hold more; once a page is listed (not `reading`), the button for the next and the word for none.
    function report(current, reading) {
      if (current.failed) {
        status.textContent = say("failed", "The claims could not be loaded. Every claim is in the lists below.");
      } else if (current.known !== null || current.done) {
        const count = current.known !== null ? current.known : current.found.length;
        status.textContent = sayCount("shown", ["%(shown)d of %(num)d claim", "%(shown)d of %(num)d claims"], facets.claims,
          { shown: count });
      } else {
        status.textContent = sayCount("shown.least", ["At least %(shown)d of %(num)d claim",
          "At least %(shown)d of %(num)d claims"], facets.claims, { shown: current.found.length });
      }
      if (reading) return;  // the button stays as it is until the page is listed
      empty.hidden = !(current.done && !current.found.length);
      more.hidden = current.failed || current.listed >= current.found.length && current.done;
      more.disabled = false;
    }

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
      view = newView(state);
      list.textContent = "";
      empty.hidden = true;
      // Hidden until the first page is listed, and disabled, as while it lists the next.
      more.hidden = true;
      more.disabled = true;
      status.textContent = say("loading", "Loading the claims…");
      const listed = listUpTo(view, PAGE);
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
      return listed;
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
        const filter = FILTERS.find((f) => f.name === name);
        const known = !value || control.tagName !== "SELECT" || (filter ? entries[name].has(value) : value === "oldest");
        // Its option, before the select gets them all (see `offer`).
        if (known && value && filter) control.append(option(filter, entries[name].get(value), new Set()));
        control.value = known ? value : "";
        if (!known) unknown.push({ filter: filter || SORT, value });
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
    more.addEventListener("click", () => {
      const shown = view;
      more.disabled = true;
      // The first claim it adds takes the focus, for a keyboard to read on from there; if none came,
      // the last one listed, since the button is gone.
      listUpTo(shown, shown.listed + PAGE).then((first) => {
        const focused = first || (more.hidden && list.lastElementChild);
        if (focused && shown === view) focused.querySelector("a.fd-explorer__claim").focus();
      });
    });
    // The address is left as it is, not rewritten without what it asked for: the notice says why
    // that is not what is shown.
    notify(readUrl().map(({ filter, value }) => say(filter.unknown[0], filter.unknown[1], { value: quoted(value) })));
    apply(false).then(() => setTimeout(offer));
    // A live region from here on, so that the count is announced as filters change, not on load.
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
  }

  // The facets are asked for at once: this script runs at the end of the page, well before Material
  // says the page is ready (its scripts run first). `start` then finds them loaded or on their way.
  const early = located();
  if (early) load(early.folder, "facets").catch(() => {});
  // With Material's instant loading, `document$` emits each page; without it, once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
