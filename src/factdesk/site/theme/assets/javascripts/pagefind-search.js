// The site's search when factdesk.yml says `search: pagefind`. Material's search is switched off, so
// its header has no search box; this puts the one of partials/factdesk-search.html there and fills
// it from Pagefind's index. Nothing is fetched until the reader opens the search: then pagefind.js,
// its WebAssembly and the site's page list (a list per bundle, for a site indexed in several), and
// as they type only the index chunks of their words and the excerpts of the results shown.
(function () {
  "use strict";

  var template = document.getElementById("fd-search");
  var header = document.querySelector(".md-header__inner");
  var toggle = document.getElementById("__search");  // Material's: its stylesheet opens the search when checked
  if (!template || !header || !toggle) {
    return;
  }
  header.insertBefore(template.content.cloneNode(true), header.querySelector(".md-header__source"));

  var config = JSON.parse(document.getElementById("__config").textContent);
  var words = config.translations;
  // Material's base is relative to the page (".", "../.."); Pagefind puts the site's own path in
  // front of its results' addresses, which matters when the site lives below a domain's root.
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var dialog = header.querySelector(".fd-search");
  var form = dialog.querySelector("form");
  var input = form.elements.namedItem("query");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var PAGE = 10;  // results whose excerpts are fetched at once; more as the reader scrolls
  // A search waits for a pause in the typing, and for two characters. Pagefind takes the last word
  // for the start of a word, and a search cannot be stopped once started: at 10,000 claims "a"
  // (every page) takes seconds, and one search per keystroke made the reader wait 11 s.
  var PAUSE_MS = 150;
  var MIN_LENGTH = 2;
  var pagefind = null;  // the promise of Pagefind's module, once asked for
  var latest = 0;  // the number of the latest query: answers to earlier ones are dropped
  var running = false;  // one search at a time; meanwhile only the latest text waits
  var waiting = null;
  var timer = 0;

  // A large site's index comes in several bundles (factdesk.site.search_index), which Pagefind
  // searches as one: the first, and those its factdesk-bundles.json lists, merged into it.
  function engine() {
    if (pagefind === null) {
      var bundle = new URL("pagefind/", base);
      var merged = fetch(new URL("factdesk-bundles.json", bundle)).then(function (response) {
        return response.json();
      });
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (module) {
        return module.options({ baseUrl: base.pathname }).then(function () {
          module.init();
          return merged;
        }).then(function (folders) {
          return Promise.all(folders.map(function (folder) {
            return module.mergeIndex(new URL(folder, bundle).href, { baseUrl: base.pathname });
          }));
        }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  function counted(n) {
    if (n === 0) {
      return words["search.result.none"];
    }
    return n === 1 ? words["search.result.one"] : words["search.result.other"].replace("#", n);
  }

  function item(page) {
    var entry = document.createElement("li");
    entry.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = page.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("p");
    title.className = "fd-search-result__title";
    title.textContent = page.meta.title || page.url;
    var excerpt = document.createElement("p");
    excerpt.innerHTML = page.excerpt;  // Pagefind escapes the page's text and adds only <mark>
    article.append(icon, title, excerpt);
    link.append(article);
    entry.append(link);
    return entry;
  }

  // Results from `from` on; the first ones replace the previous query's, with their count, once
  // their excerpts are in, so that a count never shows over another query's results.
  function showMore(results, query, from) {
    Promise.all(results.slice(from, from + PAGE).map(function (result) { return result.data(); }))
      .then(function (pages) {
        if (query !== latest) {
          return;
        }
        if (from === 0) {
          meta.textContent = counted(results.length);
          list.replaceChildren();
        }
        list.append.apply(list, pages.map(item));
        if (from + PAGE < results.length) {
          whenSeen(list.lastElementChild, function () { showMore(results, query, from + PAGE); });
        }
      });
  }

  function whenSeen(element, then) {
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        then();
      }
    });
    observer.observe(element);
  }

  function search(text) {
    latest += 1;
    waiting = text.trim().length < MIN_LENGTH ? null : text;
    if (waiting === null) {
      meta.textContent = words["search.result.placeholder"];
      list.replaceChildren();
    } else if (!running) {
      next();
    }
  }

  function next() {
    running = waiting !== null;
    if (!running) {
      return;
    }
    var text = waiting;
    var query = latest;
    waiting = null;
    engine().then(function (module) { return module.search(text); }).then(function (found) {
      if (query === latest) {
        showMore(found.results, query, 0);
      }
      next();
    }, function (error) {
      running = false;
      throw error;
    });
  }

  function open() {
    toggle.checked = true;
    engine();
  }

  function close() {
    toggle.checked = false;
    if (dialog.contains(document.activeElement)) {
      document.activeElement.blur();  // a result keeps no focus once hidden
    }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, PAUSE_MS);
    // The index chunks of the words typed so far are fetched meanwhile: preloading only fetches,
    // so unlike a search it costs nothing once the chunks are in.
    var text = input.value;
    if (text.trim().length >= MIN_LENGTH) {
      engine().then(function (module) { return module.preload(text); });
    }
  });
  // Focus anywhere inside opens the search: Tab may reach a result of a search that was closed.
  dialog.addEventListener("focusin", open);
  dialog.addEventListener("focusout", function (event) {
    // A tap on the results' background takes the focus to nothing: the search stays open.
    if (event.relatedTarget && !dialog.contains(event.relatedTarget)) {
      close();
    }
  });
  // The magnifier in a phone's header checks the toggle, the back arrow and the overlay uncheck it.
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
    } else {
      close();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();  // Enter opens the first result, as in Material's search
    var first = list.querySelector("a");
    if (first) {
      first.click();
    }
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {  // the form is emptied after this event
      search("");
      input.focus();
    });
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
      var at = stops.indexOf(document.activeElement);
      stops[(at + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length].focus();
      event.preventDefault();
    }
  });
  // Material's keys for its search: "/", "s" or "f" anywhere but in a field.
  document.addEventListener("keydown", function (event) {
    if (toggle.checked || event.ctrlKey || event.metaKey || event.altKey || event.target.isContentEditable
        || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) {
      return;
    }
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
