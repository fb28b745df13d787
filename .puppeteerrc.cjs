// Puppeteer's configuration (read by mermaid-cli's Puppeteer, which draws the
// diagrams of the PDF and EPUB editions): Debian's Chromium where it is
// installed, so nothing is downloaded; elsewhere (Read the Docs) Puppeteer's
// own browser, fetched with `npx puppeteer browsers install chrome-headless-shell`.
const fs = require("node:fs");

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => fs.existsSync(path));

module.exports = chromium ? { executablePath: chromium, skipDownload: true } : {};
