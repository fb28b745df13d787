/* furo's menu toggles (the site navigation and the contents panel on a narrow
   screen) are labels of hidden checkboxes: a keyboard cannot reach them and a
   screen reader hears nothing. Each becomes a button (keeping its classes and
   icon) that toggles its checkbox and says whether its panel is open, named by
   the checkbox's own label; Escape closes an open panel. (summit.css hides a
   closed panel, so nothing in it takes focus.) */
(() => {
  const buttons = [];
  const update = () => {
    for (const [button, box] of buttons) button.setAttribute("aria-expanded", String(box.checked));
  };
  for (const label of document.querySelectorAll("label.nav-overlay-icon, label.toc-overlay-icon")) {
    const box = document.getElementById(label.htmlFor);
    if (!box) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = `${label.className} summit-menu-toggle`;
    button.setAttribute("aria-label", box.getAttribute("aria-label") || box.id);
    button.append(...label.childNodes);
    button.addEventListener("click", () => {
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
    label.replaceWith(button);
    buttons.push([button, box]);
    box.addEventListener("change", update);
  }
  update();
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const [, box] of buttons) {
      if (!box.checked) continue;
      box.checked = false;
      update();
      const shown = buttons.find(([button, b]) => b === box && button.getClientRects().length);
      if (shown) shown[0].focus();
    }
  });
})();
