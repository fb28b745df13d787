// Draw Mermaid diagrams as PDF or SVG files with mermaid-cli, in one browser.
//
//   node --input-type=module --eval "<this file>" JOBS.json     (cwd: the project)
//
// Run from the project's folder, so that `@mermaid-js/mermaid-cli` and
// `puppeteer` resolve to its node_modules and Puppeteer reads its
// .puppeteerrc.cjs (which browser). JOBS.json:
//   {"config": {mermaid configuration}, "jobs": [{"code": "...", "format": "pdf", "output": "/abs/x.pdf"}]}
// Prints one JSON line per diagram: {"output": ..., "error": null | "message"}.
// Exit status 2 when the browser cannot start.
import { readFile, writeFile, rename } from 'node:fs/promises'
import puppeteer from 'puppeteer'
import { renderMermaid } from '@mermaid-js/mermaid-cli'

const { config, jobs } = JSON.parse(await readFile(process.argv[process.argv.length - 1], 'utf8'))

let browser
try {
  // (no sandbox: CI runs as root, where Chromium's sandbox cannot start; the
  // page only ever holds our own diagrams)
  browser = await puppeteer.launch({ headless: 'shell', args: ['--no-sandbox', '--disable-gpu'] })
} catch (err) {
  console.error(`the browser did not start: ${err.message.split('\n')[0]}`)
  process.exit(2)
}

const PAGES = 2 // diagrams drawn at once, each in its own page of the one browser
let next = 0
async function worker () {
  while (next < jobs.length) {
    const job = jobs[next++]
    let error = null
    try {
      const { data } = await renderMermaid(browser, job.code, job.format, {
        mermaidConfig: config, backgroundColor: 'white', pdfFit: true
      })
      await writeFile(job.output + '.part', data)
      await rename(job.output + '.part', job.output) // never a half-written picture
    } catch (err) {
      error = String(err?.message ?? err).split('\n')[0]
    }
    console.log(JSON.stringify({ output: job.output, error }))
  }
}
try {
  await Promise.all(Array.from({ length: PAGES }, worker))
} finally {
  await browser.close()
}
