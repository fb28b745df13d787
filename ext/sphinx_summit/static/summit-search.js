/* The search page's results (sphinx_summit.search). Sphinx's searchtools.js
 * finds and scores the matches; this shows them:
 *
 * - one result per page: its best match decides its rank and where it links;
 * - under each title, the summit, day and format of its page (#summit-search-data);
 * - a snippet of the page's text around the first word of the query, in a slot
 *   of fixed height that is there before the snippet arrives, so nothing moves;
 * - with ?summit=<id>, only the pages of that summit (the form's select keeps it).
 *
 * The list is aria-busy until every snippet is in. */
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("summit-search-data").textContent);
  const summits = new Map(data.summits);
  const params = new URLSearchParams(window.location.search);
  const chosen = summits.has(params.get("summit")) ? params.get("summit") : "";
  const SNIPPET = 220; // characters of a snippet, about three lines on a phone
  const PARALLEL = 6; // pages fetched at once

  document.addEventListener("DOMContentLoaded", () => {
    const select = document.getElementById("summit-search-summit");
    if (!select) return;
    select.value = chosen;
    select.addEventListener("change", () => select.form.requestSubmit());
  });

  /* [docname, title, anchor, descr, score, filename, kind], best first, one per page */
  const bestPerPage = (results) => {
    const best = new Map();
    for (const result of results) {
      const known = best.get(result[0]);
      if (!known || result[4] > known[4]) best.set(result[0], result);
    }
    return [...best.values()]
      .filter((result) => !chosen || (data.pages[result[0]] || [])[0] === chosen)
      .sort((a, b) => b[4] - a[4] || a[1].localeCompare(b[1]));
  };

  const urls = (docname) => {
    const root = document.documentElement.dataset.content_root || "";
    if (DOCUMENTATION_OPTIONS.BUILDER === "dirhtml") {
      const folder = docname === "index" ? "" : docname.replace(/(^|\/)index$/, "$1").replace(/([^/])$/, "$1/");
      return { request: root + folder, link: root + folder };
    }
    return { request: root + docname + DOCUMENTATION_OPTIONS.FILE_SUFFIX,
             link: docname + DOCUMENTATION_OPTIONS.LINK_SUFFIX };
  };

  /* the text a reader finds on the page (or in the section ``anchor``), without
     what the search index leaves out; the card apart */
  const pageText = (html, anchor) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const main = doc.querySelector('[role="main"]') || doc.body;
    main.querySelectorAll(".headerlink, script, style, .no-search").forEach((el) => el.remove());
    const section = anchor && main.querySelector(anchor);
    let scope = section && section.textContent.trim() ? section : main;
    if (scope.tagName === "DT") { // a glossary term: with its definition
      const term = doc.createElement("div");
      term.append(scope.cloneNode(true), " ", ...(scope.nextElementSibling ? [scope.nextElementSibling.cloneNode(true)] : []));
      scope = term;
    }
    const card = scope.querySelector(".session-card");
    const cardText = card ? card.textContent : "";
    scope.querySelectorAll(".session-card, h1").forEach((el) => el.remove());
    const squash = (text) => text.replace(/\s+/g, " ").trim();
    return { notes: squash(scope.textContent), card: squash(cardText) };
  };

  const firstMatch = (text, words) => {
    const lower = text.toLowerCase();
    const found = words.map((w) => lower.indexOf(w.toLowerCase())).filter((i) => i >= 0);
    return found.length ? Math.min(...found) : -1;
  };

  /* about SNIPPET characters of the text, from shortly before the first match, on word boundaries */
  const snippetOf = (texts, words) => {
    let text = texts.notes;
    let at = firstMatch(text, words);
    // the card's text where it has the words, or where the page has no notes yet
    // (a page just started by the scaffold: its title and card)
    if (at < 0 && (firstMatch(texts.card, words) >= 0 || !text)) {
      text = texts.card;
      at = firstMatch(text, words);
    }
    // (no match in the text: the page matched by its title, shown above the snippet)
    let start = Math.max(0, at - 60);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    let end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  };

  /* the snippet's text, the query's words in it highlighted */
  const fill = (slot, text, words) => {
    const pattern = words.filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    const parts = pattern ? text.split(new RegExp(`(${pattern})`, "gi")) : [text];
    parts.forEach((part, i) => {
      if (i % 2) {
        const mark = slot.appendChild(document.createElement("span"));
        mark.className = "highlighted";
        mark.textContent = part;
      } else slot.appendChild(document.createTextNode(part));
    });
  };

  const item = (result) => {
    const [docname, title, anchor, , score, , kind] = result;
    const li = document.createElement("li");
    li.classList.add(`kind-${kind}`, "summit-result");
    const link = li.appendChild(document.createElement("a"));
    const card = anchor === `#${data.cardAnchor}`; // the card heads the page: link the page
    link.href = urls(docname).link + (card ? "" : anchor);
    link.dataset.score = score;
    link.textContent = title;
    const where = data.pages[docname];
    if (where) {
      const label = li.appendChild(document.createElement("span"));
      label.className = "summit-result-label";
      label.textContent = where[1];
    }
    const slot = li.appendChild(document.createElement("p"));
    slot.className = "context summit-result-snippet";
    return { li, slot, docname, anchor: card ? "" : anchor };
  };

  const finish = (count) => {
    Search.stopPulse();
    Search.title.innerText = _("Search Results");
    Search.status.innerText = count
      ? Documentation.ngettext(
          "Search finished, found one page matching the search query.",
          "Search finished, found ${resultCount} pages matching the search query.",
          count,
        ).replace("${resultCount}", count)
      : Documentation.gettext(
          "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.",
        );
  };

  Search.query = (query) => {
    const [searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms] = Search._parseQuery(query);
    const results = bestPerPage(
      Search._performSearch(searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms));
    const words = [...new Set([query.trim(), ...highlightTerms, ...searchTerms])].filter(Boolean);
    const items = results.map(item);
    Search.output.setAttribute("aria-busy", "true");
    Search.output.append(...items.map((i) => i.li));
    finish(items.length); // the status is final before the list shows: nothing moves after
    const queue = [...items];
    const next = () => {
      const entry = queue.shift();
      if (!entry) return Promise.resolve();
      return fetch(urls(entry.docname).request)
        .then((response) => (response.ok ? response.text() : ""))
        .catch(() => "")
        .then((html) => fill(entry.slot, html ? snippetOf(pageText(html, entry.anchor), words) : "", words))
        .then(next);
    };
    Promise.all(Array.from({ length: PARALLEL }, next))
      .then(() => Search.output.setAttribute("aria-busy", "false"));
  };
})();
