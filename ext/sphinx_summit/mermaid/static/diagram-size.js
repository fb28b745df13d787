// Show each diagram at most at its natural size. Mermaid gives the SVG its
// natural width as max-width; sphinxcontrib-mermaid's stylesheet overrides
// that with 100%, which blows small diagrams up to the full column width.
const fitDiagram = (svg) => {
  const natural = svg.style.maxWidth;
  if (natural && natural.endsWith("px")) {
    svg.style.setProperty("max-width", `min(100%, ${natural})`, "important");
  }
};
new MutationObserver(() => {
  document.querySelectorAll("pre.mermaid > svg").forEach(fitDiagram);
}).observe(document.documentElement, { childList: true, subtree: true });
