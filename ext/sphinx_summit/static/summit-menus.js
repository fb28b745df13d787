/* furo's menu toggles (the site navigation and the contents panel on a narrow
   screen) are labels of hidden checkboxes: a keyboard cannot reach them and a
   screen reader hears nothing. Each becomes a named button that Enter and
   Space press and that says whether its panel is open; Escape closes an open
   panel. (summit.css hides a closed panel, so nothing in it takes focus.) */
(() => {
  const toggles = document.querySelectorAll("label.nav-overlay-icon, label.toc-overlay-icon");
  const boxes = new Set();
  for (const label of toggles) {
    const box = document.getElementById(label.htmlFor);
    if (!box) continue;
    boxes.add(box);
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    label.setAttribute("aria-label", box.getAttribute("aria-label") || box.id);
    label.setAttribute("aria-expanded", String(box.checked));
    label.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      label.click();
    });
  }
  const update = () => {
    for (const label of toggles) {
      const box = document.getElementById(label.htmlFor);
      if (box) label.setAttribute("aria-expanded", String(box.checked));
    }
  };
  for (const box of boxes) box.addEventListener("change", update);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const box of boxes) {
      if (!box.checked) continue;
      box.checked = false;
      update();
      const shown = [...toggles].find((label) => label.htmlFor === box.id && label.getClientRects().length);
      if (shown) shown.focus();
    }
  });
})();
