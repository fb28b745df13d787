// Draw Mermaid diagrams in one browser page: SVG for the website and the EPUB,
// PDF for LaTeX.
//
//   node --input-type=module --eval "<this file>" JOBS.json     (cwd: the project)
//
// Run from the project's folder, so that `puppeteer` resolves to its
// node_modules and reads its .puppeteerrc.cjs (which browser). JOBS.json:
//   {"mermaid": "/abs/mermaid.min.js",
//    "jobs": [{"id": "d1a2b3", "code": "...", "config": {...}, "format": "html|svg|pdf",
//              "scheme": "light|dark", "minText": 11 | null, "title": "accTitle",
//              "description": "accDescr", "output": "/abs/file"}]}
// Mermaid is loaded once; each job is drawn in the same page with its own
// configuration. "html" writes {"id", "svg", "width", "height", "smallest", "words"}
// as JSON (smallest: the smallest text, in px at the natural size; words: its
// labels, one a line); "svg" the SVG;
// "pdf" the SVG printed to a page of its own size. The SVG gets the class
// diagram-<scheme>, every id in it starts with the job's id, and with minText
// it may shrink to its column only while its smallest text stays minText px.
// Prints one JSON line per job: {"output": ..., "error": null | "message"}.
// Exit status 2 when the browser cannot start.
import { readFile, writeFile, rename } from 'node:fs/promises'
import puppeteer from 'puppeteer'

const { mermaid, jobs } = JSON.parse(await readFile(process.argv[process.argv.length - 1], 'utf8'))

let browser
try {
  // (no sandbox: CI runs as root, where Chromium's sandbox cannot start; the
  // page only ever holds our own diagrams)
  browser = await puppeteer.launch({ headless: 'shell', args: ['--no-sandbox', '--disable-gpu'] })
} catch (err) {
  console.error(`the browser did not start: ${err.message.split('\n')[0]}`)
  process.exit(2)
}

// In the page: draw one diagram, make it safe and self-contained, measure it.
function draw ({ id, code, config, format, scheme, minText, title, description }) {
  return (async () => {
    // Mermaid draws some shapes with random control points: the same random
    // numbers for every diagram, so the same diagram is the same drawing on
    // every build (serial or parallel, whatever was drawn before it)
    let seed = 0x2f6b3a1d
    Math.random = () => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    window.mermaid.initialize({ ...config, startOnLoad: false })
    const holder = document.getElementById('holder')
    holder.innerHTML = (await window.mermaid.render(id, code)).svg
    const root = holder.querySelector('svg')
    // what Mermaid draws instead of throwing
    const drawnText = [...root.querySelectorAll('text')].map((t) => t.textContent).join('').replace(/\s+/g, '')
    if (drawnText.includes('Maximumtextsizeindiagramexceeded')) {
      throw new Error(`the diagram is longer than Mermaid draws (maxTextSize: ${code.length} characters, ` +
                      `at most ${config.maxTextSize ?? 50000}); split it`)
    }
    if (drawnText.includes('Syntaxerrorintext')) throw new Error('Syntax error in text')
    // nothing active or foreign in the page's own markup
    for (const el of root.querySelectorAll('script, foreignObject, iframe, object, embed')) el.remove()
    for (const el of [root, ...root.querySelectorAll('*')]) {
      for (const attr of [...el.attributes]) {
        if (/^on/i.test(attr.name) || (/href$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value))) {
          el.removeAttribute(attr.name)
        }
      }
    }
    // Mermaid escapes a label's & < > once more for SVG text ("&amp;" on show): the
    // text is text again (a text node: nothing in it can become markup)
    const decoder = document.createElement('textarea')
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentNode.closest('style') || !node.data.includes('&')) continue
      decoder.innerHTML = node.data
      node.data = decoder.value
    }
    // what a screen reader says of it, where Mermaid left it out (timelines)
    for (const [tag, text, aria] of [['desc', description, 'aria-describedby'], ['title', title, 'aria-labelledby']]) {
      if (text && !root.querySelector(`:scope > ${tag}`)) {
        const el = document.createElementNS('http://www.w3.org/2000/svg', tag)
        el.id = `${id}-${tag}`
        el.textContent = text
        root.prepend(el)
        root.setAttribute(aria, el.id)
      }
    }
    // every id of the drawing starts with the drawing's own id, so that many
    // drawings (and the same one twice) can share a page
    const round = (n) => Math.round(n * 100) / 100
    const GEOMETRY = new Set(['d', 'points', 'transform', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r',
      'rx', 'ry', 'width', 'height', 'viewBox', 'dx', 'dy', 'refX', 'refY'])
    // (numbers may follow one another without a space in path data: "1.5.5")
    const shorter = (value) => value.replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, (n, at, all) =>
      (at > 0 && /[\d.]/.test(all[at - 1]) ? ' ' : '') + String(round(parseFloat(n))))
    const renamed = new Map()
    const taken = new Set([id])
    for (const el of root.querySelectorAll('[id]')) {
      let name = el.id.startsWith(id) ? el.id : `${id}-${el.id}`
      // (Mermaid's timelines give every event the id "node-undefined")
      for (let n = 2; taken.has(name); n++) name = `${id}-${el.id}-${n}`
      taken.add(name)
      if (!renamed.has(el.id)) renamed.set(el.id, name)
      el.id = name
    }
    const fix = (value) => value
      .replace(/url\(\s*['"]?#([^)'"\s]+)['"]?\s*\)/g, (m, ref) => renamed.has(ref) ? `url(#${renamed.get(ref)})` : m)
      .replace(/^#(.+)$/, (m, ref) => renamed.has(ref) ? `#${renamed.get(ref)}` : m)
    // (Mermaid's own style sheet selects some of them: #arrowhead in sequence diagrams)
    const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    for (const style of root.querySelectorAll('style')) {
      for (const [before, after] of renamed) {
        style.textContent = style.textContent.replace(new RegExp(`#${escape(before)}(?![\\w-])`, 'g'), `#${after}`)
      }
    }
    // (the root's own aria-labelledby and aria-describedby name its title and desc)
    for (const el of [root, ...root.querySelectorAll('*')]) {
      for (const attr of [...el.attributes]) {
        if (attr.name === 'aria-labelledby' || attr.name === 'aria-describedby') {
          attr.value = attr.value.split(/\s+/).map((ref) => renamed.get(ref) || ref).join(' ')
        } else if (attr.value.includes('#') && attr.name !== 'style') {
          attr.value = fix(attr.value)
        }
      }
    }
    // what HTML does not allow in an inline SVG (the Nu HTML Checker): one role,
    // no name on shapes, no width on circles, a rect's width and height given
    if (root.getAttribute('role')) root.setAttribute('role', root.getAttribute('role').split(/\s+/)[0])
    for (const el of root.querySelectorAll('[name]:not(a)')) el.removeAttribute('name')
    for (const el of root.querySelectorAll('circle')) { el.removeAttribute('width'); el.removeAttribute('height') }
    for (const el of root.querySelectorAll('rect')) {
      for (const size of ['width', 'height']) if (!el.hasAttribute(size)) el.setAttribute(size, '0')
    }
    const width = root.viewBox.baseVal?.width || root.getBoundingClientRect().width
    const height = root.viewBox.baseVal?.height || root.getBoundingClientRect().height
    root.style.width = `${width}px`
    root.style.maxWidth = 'none'
    let smallest = Infinity
    for (const el of root.querySelectorAll('text, tspan')) {
      if (!el.textContent.trim() || el.querySelector('tspan') || !el.getClientRects().length) continue
      const m = el.getScreenCTM()
      const size = parseFloat(getComputedStyle(el).fontSize)
      if (m && size) smallest = Math.min(smallest, size * Math.hypot(m.a, m.b))
    }
    root.style.width = ''
    root.style.maxWidth = `${round(width)}px`
    if (minText && Number.isFinite(smallest)) root.style.minWidth = `${round(Math.min(width, width * minText / smallest))}px`
    root.classList.add(`diagram-${scheme}`)
    // coordinates to 1/100 px: the drawing is the same, its text much shorter
    for (const el of [root, ...root.querySelectorAll('*')]) {
      for (const attr of [...el.attributes]) {
        if (GEOMETRY.has(attr.name)) attr.value = shorter(attr.value)
      }
    }
    // the words of the drawing, a label's lines apart (for the search index)
    const words = [...root.querySelectorAll('text')].map((text) => {
      const lines = text.querySelectorAll(':scope > tspan')
      return (lines.length ? [...lines].map((line) => line.textContent) : [text.textContent]).join(' ').trim()
    }).filter(Boolean).join('\n')
    // (an SVG file is XML; in a page, the HTML parser reads the markup of the DOM)
    const svg = format === 'html' ? root.outerHTML : new XMLSerializer().serializeToString(root)
    return { id, svg, width, height, smallest: Number.isFinite(smallest) ? smallest : null, words }
  })()
}

async function printed (svg, width, height) {
  const page = await browser.newPage()
  try {
    await page.setContent(`<!doctype html><html><head><style>html,body{margin:0;padding:0;background:white}
      svg{display:block;width:${width}px;height:${height}px;max-width:none!important}</style></head>
      <body>${svg}</body></html>`)
    return await page.pdf({ width: `${Math.ceil(width)}px`, height: `${Math.ceil(height) + 1}px`,
      printBackground: true, pageRanges: '1' })
  } finally {
    await page.close()
  }
}

const page = await browser.newPage()
page.on('console', () => {}) // (Mermaid logs its parse errors; they are reported below)
await page.setContent('<!doctype html><html><body style="margin:0"><div id="holder"></div></body></html>')
await page.addScriptTag({ content: await readFile(mermaid, 'utf8') })

try {
  for (const job of jobs) {
    let error = null
    try {
      const drawn = await page.evaluate(draw, job)
      const data = job.format === 'html' ? JSON.stringify(drawn)
        : job.format === 'svg' ? drawn.svg
          : await printed(drawn.svg, drawn.width, drawn.height)
      await writeFile(job.output + '.part', data)
      await rename(job.output + '.part', job.output) // never a half-written picture
    } catch (err) {
      error = String(err?.message ?? err).replace(/^Error: /, '').split('\n').filter(Boolean).slice(0, 4).join(' ')
    }
    console.log(JSON.stringify({ output: job.output, error }))
  }
} finally {
  await browser.close()
}
