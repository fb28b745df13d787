/* Diagrams a reader can see (sphinx_summit.mermaid).

   * Each diagram gets a toolbar row above it, with the full-screen control,
     so that the control never covers the drawing.
   * A diagram is shown at most at its natural size, and shrunk to its
     column only down to the point where its smallest text is MIN_TEXT CSS
     px (a diagram drawn when the site was built, div.diagram-drawn, comes
     with that limit; one drawn here by Mermaid, pre.mermaid, gets it here);
     a diagram wider than that scrolls inside its own box, which then
     is a labelled, keyboard-focusable region with a shadow at each edge
     that has more, and a "scroll sideways" hint above it.
   * "Full screen" opens a <dialog> that fills the screen. The reader zooms
     with its buttons, the + - 0 keys, Ctrl/Cmd+wheel (and a trackpad's
     pinch) or a two-finger pinch, and pans by scrolling, swiping or
     dragging. window.summitDiagramViewer is the viewer (tests drive it).

   Words come translated from the data-* attributes of this script's tag.
   The full-screen control keeps sphinxcontrib-mermaid's class names
   (mermaid-fullscreen-btn, mermaid-fullscreen-modal + active). */
(() => {
  "use strict";

  const MIN_TEXT = 11;     // CSS px: the smallest text of a diagram in the page (mermaid_min_text)
  const DIAGRAMS = "pre.mermaid, div.diagram-drawn";
  const ZOOM_STEP = 1.25;  // one click or key press
  const ZOOM_MAX = 8;      // times the natural size

  const words = Object.assign({
    fullscreen: "Full screen", diagram: "Diagram: %s",
    scrollHint: "Scroll sideways for the rest", zoomIn: "Zoom in", zoomOut: "Zoom out",
    zoom: "Zoom", zoomLevel: "Zoom level", fit: "Fit", fitLabel: "Fit to the screen", close: "Close",
    closeLabel: "Close full screen",
  }, document.currentScript ? document.currentScript.dataset : {});
  const fill = (pattern, value) => pattern.replace("%s", value);

  const captionOf = (pre) => {
    const caption = pre.closest("figure")?.querySelector("figcaption");
    const text = caption ? caption.textContent.replace(/¶/g, "").trim() : "";
    return text || shown(pre)?.querySelector(":scope > title")?.textContent.trim() || "";
  };

  /* The drawing on show: a drawn diagram has one per colour scheme. */
  const shown = (pre) => {
    const svgs = [...pre.querySelectorAll(":scope > svg")];
    return svgs.find((svg) => svg.getClientRects().length) || svgs[0] || null;
  };

  const element = (tag, props = {}, attrs = {}) => {
    const el = Object.assign(document.createElement(tag), props);
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    return el;
  };

  /* -- In the page ------------------------------------------------------ */

  const resized = new ResizeObserver((entries) => entries.forEach((e) => fit(e.target)));

  function frame(pre) {
    if (pre.closest(".diagram-frame, dialog")) return;
    const caption = captionOf(pre);
    const box = element("div", { className: "diagram-frame" });
    const bar = element("div", { className: "diagram-toolbar" });
    const hint = element("span", { className: "diagram-scroll-hint", textContent: words.scrollHint, hidden: true });
    const button = element("button", { type: "button", className: "mermaid-fullscreen-btn", textContent: words.fullscreen },
      { "aria-label": caption ? `${words.fullscreen}: ${caption}` : words.fullscreen, "aria-haspopup": "dialog" });
    button.addEventListener("click", () => viewer.open(pre, button));
    bar.append(hint, button);
    const scroller = element("div", { className: "diagram-box" });
    pre.before(box);
    scroller.append(pre);
    box.append(bar, scroller);
    pre.addEventListener("scroll", () => cue(pre), { passive: true });
    resized.observe(pre);
  }

  /* The smallest text of an SVG, in CSS px as drawn now (0 when hidden). */
  function smallestText(svg) {
    let smallest = Infinity;
    for (const el of svg.querySelectorAll("text, tspan, foreignObject *")) {
      if (!el.textContent.trim() || el.querySelector("span, p, div, tspan")) continue;
      const graphic = el.closest("foreignObject") || el;
      const m = graphic.getScreenCTM && graphic.getScreenCTM();
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (!m || !size || !el.getClientRects().length) continue;
      smallest = Math.min(smallest, size * Math.hypot(m.a, m.b));
    }
    return Number.isFinite(smallest) ? smallest : 0;
  }

  /* Natural size, then shrink to the column but keep text >= MIN_TEXT. */
  function fit(pre) {
    const svg = pre.matches("pre.mermaid") && pre.querySelector(":scope > svg");
    if (svg) {
      // the page colour the diagram was drawn for: paper is white, and a
      // diagram drawn for dark mode prints on its own dark box (diagrams.css)
      pre.style.setProperty("--diagram-backdrop", getComputedStyle(document.body).backgroundColor);
      const natural = svg.viewBox.baseVal?.width || parseFloat(svg.style.maxWidth) || 0;
      if (natural) {
        // sphinxcontrib-mermaid's stylesheet sets max-width: 100% !important,
        // which blows small diagrams up to the column's width
        svg.style.setProperty("max-width", `min(100%, ${natural}px)`, "important");
        const width = svg.getBoundingClientRect().width;
        const text = width ? smallestText(svg) : 0;
        if (text) {
          const naturalText = text * natural / width;
          svg.style.minWidth = `${Math.min(natural, natural * MIN_TEXT / naturalText)}px`;
        }
      }
    }
    cue(pre);
  }

  /* Shadows at the edges with more to see; a focusable, labelled region. */
  function cue(pre) {
    const box = pre.closest(".diagram-frame");
    if (!box) return;
    const more = pre.scrollWidth - pre.clientWidth;
    const scrolls = more > 1 && pre.clientWidth > 0;
    box.classList.toggle("diagram-scrolls", scrolls);
    box.classList.toggle("diagram-more-left", scrolls && pre.scrollLeft > 1);
    box.classList.toggle("diagram-more-right", scrolls && pre.scrollLeft < more - 1);
    box.querySelector(".diagram-scroll-hint").hidden = !scrolls;
    if (scrolls) {
      pre.setAttribute("tabindex", "0");
      pre.setAttribute("role", "region");
      pre.setAttribute("aria-label", fill(words.diagram, captionOf(pre)));
    } else if (pre.hasAttribute("tabindex")) {
      for (const name of ["tabindex", "role", "aria-label"]) pre.removeAttribute(name);
    }
  }

  /* -- Full screen ------------------------------------------------------ */

  /* A copy of a drawing whose ids (and every reference to them) are its own. */
  function copyOf(svg) {
    const copy = svg.cloneNode(true);
    const ids = new Map();
    for (const el of [copy, ...copy.querySelectorAll("[id]")]) {
      if (el.id) { ids.set(el.id, `full-${el.id}`); el.id = ids.get(el.id); }
    }
    const rename = (value) => value
      .replace(/url\(\s*#([^)\s]+)\s*\)/g, (m, id) => (ids.has(id) ? `url(#${ids.get(id)})` : m))
      .replace(/^#(.+)$/, (m, id) => (ids.has(id) ? `#${ids.get(id)}` : m));
    for (const el of [copy, ...copy.querySelectorAll("*")]) {
      for (const attr of [...el.attributes]) {
        if (attr.name === "aria-labelledby" || attr.name === "aria-describedby") {
          attr.value = attr.value.split(/\s+/).map((id) => ids.get(id) || id).join(" ");
        } else if (attr.value.includes("#") && attr.name !== "style") {
          attr.value = rename(attr.value);
        }
      }
    }
    const escaped = svg.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const style of copy.querySelectorAll("style")) {
      style.textContent = style.textContent.replace(new RegExp(`#${escaped}(?![\\w-])`, "g"), `#full-${svg.id}`);
    }
    for (const name of ["width", "height"]) copy.removeAttribute(name);
    for (const name of ["max-width", "min-width", "width", "height"]) copy.style.removeProperty(name);
    return copy;
  }

  const viewer = {
    dialog: null, canvas: null, svgs: [], pre: null, opener: null,
    scale: 1, fitScale: 1, width: 0, height: 0, pinch: null, drag: null,

    build() {
      const dialog = element("dialog", { className: "mermaid-fullscreen-modal diagram-viewer" },
        { "aria-labelledby": "diagram-viewer-title" });
      const bar = element("div", { className: "diagram-viewer-bar" });
      const title = element("h2", { id: "diagram-viewer-title", className: "diagram-viewer-title" });
      const tools = element("div", { className: "diagram-viewer-tools" }, { role: "toolbar", "aria-label": words.zoom });
      const button = (name, text, label) => {
        const b = element("button", { type: "button", textContent: text, className: `diagram-viewer-${name}` },
          label ? { "aria-label": label } : {});
        tools.append(b);
        return b;
      };
      this.zoomOutButton = button("zoom-out", "−", words.zoomOut);
      this.level = element("output", { className: "diagram-viewer-level" }, { "aria-label": words.zoomLevel });
      tools.append(this.level);
      this.zoomInButton = button("zoom-in", "+", words.zoomIn);
      button("fit", words.fit, words.fitLabel).addEventListener("click", () => this.zoomTo(this.fitScale));
      button("close", words.close, words.closeLabel).addEventListener("click", () => dialog.close());
      this.zoomOutButton.addEventListener("click", () => this.zoomBy(1 / ZOOM_STEP));
      this.zoomInButton.addEventListener("click", () => this.zoomBy(ZOOM_STEP));
      const canvas = element("div", { className: "diagram-viewer-canvas", tabIndex: 0 }, { role: "region" });
      bar.append(title, tools);
      dialog.append(bar, canvas);
      document.body.append(dialog);

      dialog.addEventListener("close", () => {
        dialog.classList.remove("active");
        canvas.replaceChildren();
        this.svgs = [];
        this.pre = null;
        this.opener?.focus();
      });
      dialog.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
          // closed here: Sphinx's search-highlight shortcut cancels Escape on
          // the page (unless a button has focus), and the dialog would stay
          e.stopPropagation();
          e.preventDefault();
          dialog.close();
          return;
        }
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        const action = { "+": ZOOM_STEP, "=": ZOOM_STEP, "-": 1 / ZOOM_STEP, "_": 1 / ZOOM_STEP }[e.key];
        if (action) this.zoomBy(action);
        else if (e.key === "0") this.zoomTo(this.fitScale);
        else return;
        e.preventDefault();
      });
      // Ctrl/Cmd + wheel, and a trackpad's pinch (Chrome sends it as Ctrl+wheel)
      canvas.addEventListener("wheel", (e) => {
        if (!e.ctrlKey && !e.metaKey) return;
        e.preventDefault();
        const delta = Math.max(-100, Math.min(100, e.deltaMode ? e.deltaY * 33 : e.deltaY));
        this.zoomTo(this.scale * ZOOM_STEP ** (-delta / 100), e.clientX, e.clientY);
      }, { passive: false });
      // two fingers pinch; one finger pans (the browser scrolls the canvas)
      const spread = (t) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
      canvas.addEventListener("touchstart", (e) => {
        if (e.touches.length === 2) this.pinch = { spread: spread(e.touches) || 1, scale: this.scale };
      }, { passive: true });
      canvas.addEventListener("touchmove", (e) => {
        if (!this.pinch || e.touches.length !== 2) return;
        e.preventDefault();
        const [a, b] = e.touches;
        this.zoomTo(this.pinch.scale * spread(e.touches) / this.pinch.spread,
          (a.clientX + b.clientX) / 2, (a.clientY + b.clientY) / 2);
      }, { passive: false });
      const endPinch = (e) => { if (e.touches.length < 2) this.pinch = null; };
      canvas.addEventListener("touchend", endPinch);
      canvas.addEventListener("touchcancel", endPinch);
      // a mouse drags the drawing around
      canvas.addEventListener("pointerdown", (e) => {
        if (e.pointerType !== "mouse" || e.button !== 0) return;
        this.drag = { x: e.clientX, y: e.clientY, left: canvas.scrollLeft, top: canvas.scrollTop };
        canvas.setPointerCapture(e.pointerId);
        canvas.classList.add("dragging");
      });
      canvas.addEventListener("pointermove", (e) => {
        if (!this.drag) return;
        canvas.scrollLeft = this.drag.left - (e.clientX - this.drag.x);
        canvas.scrollTop = this.drag.top - (e.clientY - this.drag.y);
      });
      const endDrag = () => { this.drag = null; canvas.classList.remove("dragging"); };
      canvas.addEventListener("pointerup", endDrag);
      canvas.addEventListener("pointercancel", endDrag);
      new ResizeObserver(() => {
        if (!this.svg) return;
        const wasFit = Math.abs(this.scale - this.fitScale) < 1e-3;
        this.measureFit();
        this.zoomTo(wasFit ? this.fitScale : this.scale);
      }).observe(canvas);

      Object.assign(this, { dialog, canvas, title });
    },

    /* The copy on show (of a drawn diagram: the one of the page's colour scheme). */
    get svg() { return this.svgs.find((svg) => svg.getClientRects().length) || this.svgs[0] || null; },

    open(pre, opener) {
      if (!pre.querySelector(":scope > svg")) return;
      if (!this.dialog) this.build();
      this.pre = pre;
      this.opener = opener;
      this.title.textContent = captionOf(pre);
      this.canvas.setAttribute("aria-label", fill(words.diagram, captionOf(pre)));
      this.dialog.showModal();
      this.show(pre);
      this.dialog.classList.add("active");
      this.measureFit();
      this.zoomTo(this.fitScale);
      this.canvas.focus();
    },

    /* (Again when Mermaid redraws a diagram for another colour scheme while it is open.) */
    show(pre) {
      const svgs = [...pre.querySelectorAll(":scope > svg")];
      this.svgs = svgs.map(copyOf);
      const svg = shown(pre);
      this.width = svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width;
      this.height = svg.viewBox.baseVal?.height || svg.getBoundingClientRect().height;
      this.canvas.replaceChildren(...this.svgs);
      if (this.dialog.open) this.zoomTo(this.scale);
    },

    measureFit() {
      const style = getComputedStyle(this.canvas);
      const room = (size, a, b) => size - parseFloat(style[a]) - parseFloat(style[b]);
      const w = room(this.canvas.clientWidth, "paddingLeft", "paddingRight");
      const h = room(this.canvas.clientHeight, "paddingTop", "paddingBottom");
      this.fitScale = Math.max(0.05, Math.min(w / this.width, h / this.height));
    },

    limits() { return [Math.min(this.fitScale, 1), Math.max(ZOOM_MAX, this.fitScale)]; },

    zoomBy(factor) { this.zoomTo(this.scale * factor); },

    /* Zoom to `scale` (1 = natural size), keeping the point under (x, y) in place. */
    zoomTo(scale, x, y) {
      if (!this.svg) return;
      const [min, max] = this.limits();
      scale = Math.min(max, Math.max(min, scale));
      const canvas = this.canvas.getBoundingClientRect();
      x ??= canvas.left + canvas.width / 2;
      y ??= canvas.top + canvas.height / 2;
      const before = this.svg.getBoundingClientRect();
      const fx = before.width ? (x - before.left) / before.width : 0.5;
      const fy = before.height ? (y - before.top) / before.height : 0.5;
      this.scale = scale;
      for (const svg of this.svgs) {
        svg.style.width = `${this.width * scale}px`;
        svg.style.height = `${this.height * scale}px`;
      }
      const after = this.svg.getBoundingClientRect();
      this.canvas.scrollLeft += after.left + fx * after.width - x;
      this.canvas.scrollTop += after.top + fy * after.height - y;
      this.level.value = `${Math.round(scale * 100)} %`;
      this.zoomOutButton.disabled = scale <= min + 1e-6;
      this.zoomInButton.disabled = scale >= max - 1e-6;
    },
  };
  window.summitDiagramViewer = viewer;

  /* -- Wiring ----------------------------------------------------------- */

  const frameAll = () => document.querySelectorAll(DIAGRAMS).forEach((pre) => { frame(pre); fit(pre); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", frameAll);
  else frameAll();

  // Mermaid draws (and, when the colour scheme changes, redraws) each SVG
  new MutationObserver((records) => {
    const drawn = new Set();
    for (const record of records) {
      const pre = record.target.closest?.("pre.mermaid");
      if (pre && !pre.closest("dialog")) drawn.add(pre);
    }
    for (const pre of drawn) {
      frame(pre);
      fit(pre);
      if (pre.querySelector(":scope > svg") && viewer.pre === pre && viewer.dialog?.open) viewer.show(pre);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
