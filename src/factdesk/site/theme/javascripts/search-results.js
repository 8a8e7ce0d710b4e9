// Search results that say what they are, in either search of factdesk.yml's `search:`: both draw
// their results into Material's list, .md-search-result__list, and this labels each result as it is
// added. Its kind comes from its address (claims/<slug>/ is a claim, sources/<id>/ a source...); a
// claim's verdict from its title, "<verdict>: <claim> (fact-check)", whose verdict is matched against
// the scale in the page's <meta name="factdesk:verdicts"> ([[label, key], ...]): the badge takes the
// verdict's place at the title's start. Nothing is fetched, so the offline edition, read from
// files, labels its results too; every value is set as text or as a class name, never as markup.
(function () {
  "use strict";

  // The words, in the page's language: `window.factdesk`, which the page's head defines
  // (factdesk.site.site_theme.script_words); the English given here where it is missing.
  var SAID = window.factdesk || null;
  function say(key, english) {
    return (SAID && SAID.words[key]) || english;
  }

  // The first folder of an address, and what a page below it is.
  var KINDS = {
    claims: say("result.claims", "Claim"), sources: say("result.sources", "Source"),
    claimants: say("result.claimants", "Claimant"), people: say("result.people", "Fact-checker"),
    tags: say("result.tags", "Tag"), verdicts: say("result.verdicts", "Verdict"), stories: say("result.stories", "Story")
  };
  var INDEX = "index";  // claims/, sources/... themselves: the pages that list the others
  var OTHER = "other";  // the home page, the methodology, the editors' guide...
  var NAMES = { index: say("result.index", "List"), other: say("result.other", "Page") };
  var SPECIAL = { "claims/explorer": INDEX };
  // What follows the verdict at the start of a claim's title ("<verdict>: <claim> (fact-check)").
  var SEPARATOR = (SAID && SAID.titleSeparator) || ": ";
  // A title's quotes and dashes are set typographically (factdesk.data.typography), a label's maybe not.
  var FOLD = { "\u2018": "'", "\u2019": "'", "\u201c": "\"", "\u201d": "\"", "\u2010": "-", "\u2011": "-",
               "\u2013": "-", "\u2014": "-" };

  function fold(text) {
    return text.replace(/[\u2018\u2019\u201c\u201d\u2010\u2011\u2013\u2014]/g, function (mark) { return FOLD[mark]; });
  }

  function start() {
    var config = document.getElementById("__config");
    var lists = document.querySelectorAll(".md-search-result__list");
    if (!config || !lists.length) {
      return;
    }
    // Material's base is relative to the page ("..", "."); the results' addresses are absolute.
    var base = new URL(JSON.parse(config.textContent).base.replace(/\/?$/, "/"), location.href).href;
    var verdicts = scale();

    function kindOf(href) {
      var address = new URL(href, location.href);
      address.search = "";
      address.hash = "";
      if (address.href.indexOf(base) !== 0) {
        return OTHER;
      }
      // The offline edition's addresses end in .html: claims/<slug>.html, claims/index.html.
      var path = address.href.slice(base.length).replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "")
        .replace(/\/$/, "");
      var parts = path ? path.split("/") : [];
      if (Object.prototype.hasOwnProperty.call(SPECIAL, path)) {
        return SPECIAL[path];
      }
      if (parts.length && Object.prototype.hasOwnProperty.call(KINDS, parts[0])) {
        return parts.length === 1 ? INDEX : parts.length === 2 ? parts[0] : OTHER;
      }
      return OTHER;
    }

    function label(item) {
      if (item.nodeType !== Node.ELEMENT_NODE || !item.classList.contains("md-search-result__item")
          || item.querySelector(".fd-search-result__about")) {
        return;
      }
      // The item's first link is its page; Material's further ones are sections of that page.
      var link = item.querySelector("a.md-search-result__link");
      var article = link && link.querySelector("article");
      if (!article) {
        return;
      }
      var title = article.querySelector("h1, .fd-search-result__title");
      var kind = kindOf(link.href);
      var about = document.createElement("p");
      about.className = "fd-search-result__about";
      var name = document.createElement("span");
      name.className = "fd-search-result__kind";
      name.textContent = Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind] : NAMES[kind];
      about.appendChild(name);
      var verdict = kind === "claims" && title ? verdictOf(title.textContent) : null;
      if (verdict) {
        var badge = document.createElement("span");
        badge.className = "fd-verdict" + (/^[A-Za-z0-9_-]+$/.test(verdict.key) ? " fd-verdict--" + verdict.key : "");
        badge.textContent = verdict.label;
        about.appendChild(document.createTextNode(" "));
        about.appendChild(badge);
        dropStart(title, verdict.length);
      }
      article.insertBefore(about, title || null);
    }

    // The verdict a claim's title begins with ("Mostly true: ..."), the longest label first.
    function verdictOf(text) {
      var folded = fold(text);
      for (var i = 0; i < verdicts.length; i += 1) {
        var prefix = fold(verdicts[i][0]) + SEPARATOR;
        if (folded.slice(0, prefix.length) === prefix) {
          return { label: text.slice(0, prefix.length - SEPARATOR.length), key: verdicts[i][1], length: prefix.length };
        }
      }
      return null;
    }

    Array.prototype.forEach.call(lists, function (list) {
      Array.prototype.forEach.call(list.children, label);
      new MutationObserver(function (changes) {
        changes.forEach(function (change) { Array.prototype.forEach.call(change.addedNodes, label); });
      }).observe(list, { childList: true });
    });
  }

  function scale() {
    var meta = document.querySelector('meta[name="factdesk:verdicts"]');
    var pairs = [];
    try {
      pairs = JSON.parse(meta ? meta.content : "[]");
    } catch (error) {
      return [];
    }
    return (Array.isArray(pairs) ? pairs : []).filter(function (pair) {
      return Array.isArray(pair) && typeof pair[0] === "string" && pair[0] && typeof pair[1] === "string";
    }).sort(function (a, b) { return b[0].length - a[0].length; });
  }

  // Takes the first `count` characters off an element's text, across the <mark>s of the matched
  // words; a <mark> left empty goes too.
  function dropStart(element, count) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var emptied = [];
    var node;
    while (count > 0 && (node = walker.nextNode())) {
      var cut = Math.min(count, node.data.length);
      node.data = node.data.slice(cut);
      count -= cut;
      if (!node.data) {
        emptied.push(node);
      }
    }
    emptied.forEach(function (text) {
      var parent = text.parentNode;
      parent.removeChild(text);
      if (parent !== element && !parent.textContent) {
        parent.parentNode.removeChild(parent);
      }
    });
  }

  // Pagefind's results box is put in the header by a script that runs after this one.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
