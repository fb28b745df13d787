/* Search scoring for summit notes (html_search_scorer): Sphinx's own weights,
 * and one rule more. A session page's card names its speakers, organizations
 * and projects as index entries that point at the card (#session-card): such
 * a match ranks above a glossary term or a page that only mentions the name,
 * so "Sage Weil" or "Kuryr" find the talk first. */
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score, filename, kind] = result;
    return kind === "index" && anchor === "#session-card" ? score + 30 : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
