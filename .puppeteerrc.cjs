// Puppeteer's configuration (read when sphinx_summit.mermaid's renderer,
// ext/sphinx_summit/mermaid/render.mjs, draws the diagrams of the site and of
// the PDF and EPUB editions): Debian's Chromium where it is installed, so
// nothing is downloaded; elsewhere (Read the Docs) Puppeteer's own browser,
// fetched with `npx puppeteer browsers install chrome-headless-shell`.
const fs = require("node:fs");

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => fs.existsSync(path));

module.exports = chromium ? { executablePath: chromium, skipDownload: true } : {};
