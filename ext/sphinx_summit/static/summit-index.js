/* The project, topic and people indices (sphinx_summit.indices): each entry
 * is a <details> that opens to its sessions. A link to an entry, or to a
 * session listed in it (a badge of a card, a number of the matrix), opens the
 * entries around its target and brings it into view. */
"use strict";

(() => {
  const openTarget = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    let opened = false;
    for (let details = target.closest("details"); details; details = details.parentElement?.closest("details")) {
      if (!details.open) {
        details.open = true;
        opened = true;
      }
    }
    if (opened) target.scrollIntoView();
  };
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
