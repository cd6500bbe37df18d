// The Text view of an email: what a plain-text mail client would show of the rendered HTML body.
// The body is parsed by DOMParser into a detached document, which has no browsing context: its
// scripts never run and its images and handlers never load. Only text is read out of it.

/** Node.TEXT_NODE and Node.ELEMENT_NODE. */
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'HEAD', 'TITLE', 'IFRAME', 'OBJECT', 'SVG']);
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);

function walk(node, out) {
  for (const child of node.childNodes) {
    if (child.nodeType === TEXT_NODE) {
      out.push(child.data.replace(/\s+/g, ' '));
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue;
    const tag = child.tagName.toUpperCase();
    if (SKIPPED.has(tag)) continue;
    if (tag === 'BR') {
      out.push('\n');
      continue;
    }
    const block = BLOCKS.has(tag);
    if (block) out.push('\n');
    if (tag === 'LI') out.push('• ');
    walk(child, out);
    if (tag === 'A') linkTarget(child, out);
    if (tag === 'TD' || tag === 'TH') out.push('\t');
    if (block) out.push('\n');
  }
}

/** A link's address after its text, as text mail does, unless the text already is the address. */
function linkTarget(anchor, out) {
  const href = anchor.getAttribute('href');
  if (href && href !== anchor.textContent.trim() && !href.startsWith('#')) out.push(` <${href}>`);
}

/** The text of an HTML body: blocks on their own lines, runs of blank lines collapsed. */
export function textOfHtml(html) {
  const document = new window.DOMParser().parseFromString(html, 'text/html');
  const out = [];
  walk(document.body ?? document.documentElement, out);
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').replace(/[ \t]+$/g, '').replace(/^ +/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
