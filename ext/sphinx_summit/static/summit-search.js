/* The search page (sphinx_summit.search): Pagefind finds and ranks the pages;
 * this shows them.
 *
 * - The query and the chosen facets live in the address
 *   (search.html?q=ceph&summit=tokyo-2015&project=Ceph): a search can be shared.
 * - Facets: within one facet any chosen value, across facets all of them; each
 *   value with the number of results it would give.
 * - A result: its title, its label (summit, day, format), a snippet with the
 *   words marked, and the sections of the page that match.
 * - A query that finds nothing: the nearest names the site knows, as links.
 * - Opened from disk (file://), where no index can be loaded: one line on how
 *   to serve the site.
 * - Other sites of the collection (summit_search_sites) are searched too: their
 *   Pagefind indexes are merged into this one.
 * Results fill a list below everything else the page shows first, in an
 * area as tall as the screen: nothing moves as they arrive. */
"use strict";

(() => {
  const script = document.currentScript;
  const data = JSON.parse(document.getElementById("summit-search-data").textContent);
  const words = data.words;
  const PAGE = 10; // results shown at once
  const SUB_RESULTS = 3; // sections shown under a result
  const summitTitle = new Map(data.summits);
  const facets = data.facets.map(([name]) => name);
  const facetLabel = new Map(data.facets);

  const $ = (id) => document.getElementById(id);
  const status = $("summit-search-status");
  const list = $("summit-search-results");
  const facetBox = $("summit-search-facets");
  const more = $("summit-search-more");
  const suggestion = $("summit-search-suggestion");
  const input = $("summit-search-q");
  const format = (template, ...values) => values.reduce((text, value) => text.replace(/%[sd]/, value), template);
  const element = (tag, props = {}, ...children) => {
    const el = Object.assign(document.createElement(tag), props);
    el.append(...children);
    return el;
  };

  /* -- the address: the query and the chosen values of each facet -------- */
  const state = () => {
    const params = new URLSearchParams(window.location.search);
    const chosen = {};
    for (const facet of facets) {
      const values = params.getAll(facet).filter(Boolean);
      if (values.length) chosen[facet] = values;
    }
    return { query: (params.get("q") || "").trim(), chosen };
  };
  const address = (query, chosen) => {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const facet of facets) for (const value of chosen[facet] || []) params.append(facet, value);
    return `${window.location.pathname}?${params}`;
  };

  /* -- what a reader sees of a facet's value ------------------------------ */
  const valueLabel = (facet, value) => {
    if (facet === "summit") return summitTitle.get(value) || value;
    if (facet === "day") return format(words.day, value);
    return value;
  };
  const valueOrder = (facet, counts) => {
    const values = Object.keys(counts);
    if (facet === "summit") {
      const rank = new Map(data.summits.map(([id], n) => [id, n]));
      return values.sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9));
    }
    if (facet === "day") return values.sort((a, b) => Number(a) - Number(b));
    return values.sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
  };

  /* Pagefind's filter argument: any chosen value of a facet, every facet */
  const filterOf = (chosen, except) => {
    const filters = {};
    for (const [facet, values] of Object.entries(chosen)) if (facet !== except) filters[facet] = { any: values };
    return filters;
  };

  /* -- a result ----------------------------------------------------------- */
  /* Pagefind's excerpt, as text with its <mark>s and nothing else */
  const excerpt = (html) => {
    const template = document.createElement("template"); // (inert: nothing in it runs or loads)
    template.innerHTML = html || "";
    const out = document.createDocumentFragment();
    for (const node of template.content.childNodes) {
      out.append(node.nodeName === "MARK" ? element("mark", { textContent: node.textContent }) : node.textContent);
    }
    return out;
  };
  const resultItem = (result) => {
    const item = element("li", { className: "summit-result" });
    item.append(element("a", { href: result.url, className: "summit-result-title", textContent: result.meta.title || result.url }));
    if (result.meta.where) item.append(element("span", { className: "summit-result-label", textContent: result.meta.where }));
    item.append(element("p", { className: "summit-result-snippet" }, excerpt(result.excerpt)));
    const sections = (result.sub_results || []).filter((sub) => sub.url !== result.url && sub.url.includes("#")).slice(0, SUB_RESULTS);
    if (sections.length) {
      item.append(element("ul", { className: "summit-result-sections" }, ...sections.map((sub) => element("li", {},
        element("a", { href: sub.url, textContent: sub.title }), " ",
        element("span", { className: "summit-result-snippet" }, excerpt(sub.excerpt))))));
    }
    return item;
  };

  /* -- the facets --------------------------------------------------------- */
  const renderFacets = (counts, chosen, query) => {
    const boxes = [];
    for (const facet of facets) {
      const values = valueOrder(facet, counts[facet] || {}).filter(
        (value) => counts[facet][value] > 0 || (chosen[facet] || []).includes(value));
      if (!values.length) continue;
      const picked = chosen[facet] || [];
      const options = values.map((value) => {
        const box = element("input", { type: "checkbox", name: facet, value, checked: picked.includes(value) });
        box.addEventListener("change", () => {
          const next = { ...chosen, [facet]: box.checked ? [...picked, value] : picked.filter((v) => v !== value) };
          if (!next[facet].length) delete next[facet];
          go(query, next);
        });
        return element("label", { className: "summit-facet-value" }, box, ` ${valueLabel(facet, value)} `,
          element("span", { className: "summit-facet-count", textContent: `(${counts[facet][value] || 0})` }));
      });
      const details = element("details", { className: "summit-facet", open: picked.length > 0 },
        element("summary", { textContent: facetLabel.get(facet) + (picked.length ? ` (${picked.length})` : "") }),
        element("fieldset", {}, element("legend", { className: "visually-hidden", textContent: facetLabel.get(facet) }), ...options));
      details.dataset.facet = facet;
      boxes.push(details);
    }
    if (Object.keys(chosen).length) {
      const clear = element("button", { type: "button", className: "summit-facet-clear", textContent: words.clear });
      clear.addEventListener("click", () => go(query, {}));
      boxes.push(clear);
    }
    facetBox.replaceChildren(...boxes);
  };

  /* -- spelling help ------------------------------------------------------ */
  let names = null;
  const loadNames = () => names || (names = fetch(script.dataset.names).then((r) => (r.ok ? r.json() : [])).catch(() => []));
  /* edits between a and b: insertions, deletions, substitutions, swapped neighbours */
  const distance = (a, b) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  };
  const allowed = (word) => (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3);
  const tokens = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  /* the names nearest the whole query, and the query with each unknown word
     replaced by the nearest known one: at most three suggestions */
  const suggest = (query, known) => {
    const wanted = query.toLowerCase();
    const found = new Map();
    for (const name of known) {
      const d = distance(wanted, name.toLowerCase());
      if (d > 0 && d <= allowed(wanted)) found.set(name, d);
    }
    const vocabulary = new Map();
    for (const name of known) for (const word of name.match(/[\p{L}\p{N}][\p{L}\p{N}.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) || []) {
      if (!vocabulary.has(word.toLowerCase())) vocabulary.set(word.toLowerCase(), word);
    }
    let changed = 0;
    let total = 0;
    const corrected = tokens(query).map((word) => {
      if (vocabulary.has(word) || word.length < 3) return word;
      let best = null;
      let bestDistance = allowed(word) + 1;
      for (const [lower, original] of vocabulary) {
        if (Math.abs(lower.length - word.length) >= bestDistance) continue;
        const d = distance(word, lower);
        if (d < bestDistance || (d === bestDistance && best && original.length < best.length)) {
          best = original;
          bestDistance = d;
        }
      }
      if (!best) return word;
      changed += 1;
      total += bestDistance;
      return best;
    }).join(" ");
    if (changed && ![...found.keys()].some((name) => name.toLowerCase() === corrected.toLowerCase())) found.set(corrected, total);
    return [...found.entries()].sort((a, b) => a[1] - b[1] || a[0].length - b[0].length).slice(0, 3).map(([name]) => name);
  };
  const showSuggestions = async (query) => {
    const found = suggest(query, await loadNames());
    if (!found.length) return;
    const links = found.flatMap((name, n) => [n ? ", " : "", element("a", { href: address(name, {}), textContent: name })]);
    suggestion.replaceChildren(`${words.didYouMean} `, ...links, "?");
    suggestion.hidden = false;
  };

  /* -- searching ---------------------------------------------------------- */
  let pagefind = null;
  let searchNumber = 0;
  const load = async () => {
    if (!pagefind) {
      pagefind = import(new URL(script.dataset.bundle, document.baseURI).href).then(async (module) => {
        await module.options({ excerptLength: 24, ranking: data.ranking });
        await module.init();
        for (const site of data.sites) await module.mergeIndex(new URL(site, document.baseURI).href);
        await module.filters(); // (loads the facets: searches count their values from then on)
        return module;
      });
    }
    return pagefind;
  };

  /* the results list is aria-busy from the query until every result,
     facet and suggestion is shown */
  const run = async (query, chosen) => {
    const number = ++searchNumber;
    suggestion.hidden = true;
    more.hidden = true;
    list.setAttribute("aria-busy", "true");
    if (!query && !Object.keys(chosen).length) {
      status.textContent = "";
      list.replaceChildren();
      facetBox.replaceChildren();
      list.setAttribute("aria-busy", "false");
      return;
    }
    status.textContent = words.searching;
    const engine = await load();
    const search = await engine.search(query || null, { filters: filterOf(chosen) });
    // sessions first: the score of another page counts for less (data.otherPages)
    const sessions = await engine.search(query || null, { filters: { ...filterOf(chosen), kind: "session" } });
    const isSession = new Set(sessions.results.map((r) => r.id));
    const score = (r) => r.score * (isSession.has(r.id) ? 1 : data.otherPages);
    const results = [...search.results].sort((a, b) => score(b) - score(a));
    // each chosen facet counts its values without its own choice
    const counts = { ...search.filters };
    for (const facet of Object.keys(chosen)) {
      const other = await engine.search(query || null, { filters: filterOf(chosen, facet) });
      counts[facet] = other.filters[facet] || {};
    }
    if (number !== searchNumber) return; // (a newer search has started)
    const shown = [];
    const showMore = async () => {
      const next = await Promise.all(results.slice(shown.length, shown.length + PAGE).map((r) => r.data()));
      if (number !== searchNumber) return;
      shown.push(...next);
      list.append(...next.map(resultItem));
      more.hidden = shown.length >= results.length;
    };
    list.replaceChildren();
    renderFacets(counts, chosen, query);
    const label = query || Object.values(chosen).flat().map(String).join(", ");
    status.textContent = results.length === 0 ? format(words.none, label)
      : results.length === 1 ? format(words.one, label) : format(words.many, results.length, label);
    more.onclick = showMore;
    await showMore();
    if (!results.length && query) await showSuggestions(query);
    if (number === searchNumber) list.setAttribute("aria-busy", "false");
  };

  const go = (query, chosen) => {
    window.history.pushState(null, "", address(query, chosen));
    run(query, chosen).catch(failed);
  };
  const failed = (error) => {
    status.textContent = words.failed;
    list.setAttribute("aria-busy", "false");
    console.warn("search:", error); // (a warning: the page says it)
  };

  const start = () => {
    const { query, chosen } = state();
    input.value = query;
    if (window.location.protocol === "file:") {
      status.textContent = words.offline;
      list.setAttribute("aria-busy", "false");
      return;
    }
    run(query, chosen).catch(failed);
  };
  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(input.value.trim(), state().chosen);
  });
  window.addEventListener("popstate", start);
  start();
})();
