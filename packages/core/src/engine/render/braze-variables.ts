/**
 * Braze's `${name}` variable form, rewritten into plain Liquid before parsing (spec 10):
 * `{{${first_name}}}` → `{{__standard.first_name}}`, `{{custom_attribute.${plan}}}` →
 * `{{custom_attribute.plan}}`, and a name that is not a plain identifier takes the bracket form
 * (`custom_attribute["Favourite colour"]`). Only the inside of `{{ }}` and `{% %}` is rewritten,
 * never quoted strings, `{% raw %}` blocks or plain text.
 */
export const STANDARD_NAMESPACE = '__standard';

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function expandBrazeVariables(source: string): string {
  const nextDelimiter = delimiterFinder(source);
  let out = '';
  let at = 0;
  while (at < source.length) {
    const open = nextDelimiter(at);
    if (open < 0) return out + source.slice(at);
    out += source.slice(at, open);
    const isTag = source[open + 1] === '%';
    const { text, end } = rewriteMarkup(source, open, isTag ? '%}' : '}}', !isTag);
    out += text;
    at = end;
    if (isTag && isRawOpening(text)) {
      const close = findEndraw(source, at);
      out += source.slice(at, close);
      at = close;
    }
  }
  return out;
}

/** Finds the next `{{` or `{%`, remembering each kind's next position so a long template is scanned once. */
function delimiterFinder(source: string): (from: number) => number {
  const next = { '{{': -2, '{%': -2 };
  const find = (kind: keyof typeof next, from: number): number => {
    if (next[kind] !== -1 && next[kind] < from) next[kind] = source.indexOf(kind, from);
    return next[kind];
  };
  return (from) => {
    const output = find('{{', from);
    const tag = find('{%', from);
    if (output < 0) return tag;
    if (tag < 0) return output;
    return Math.min(output, tag);
  };
}

/**
 * Copies one `{{ … }}` or `{% … %}` starting at `open`, rewriting `${…}` outside quotes. Like
 * liquidjs, an output's close delimiter inside quotes does not count, a tag's does.
 */
function rewriteMarkup(source: string, open: number, close: string, quotesHideClose: boolean): { text: string; end: number } {
  let text = source.slice(open, open + 2);
  let at = open + 2;
  while (at < source.length) {
    if (source.startsWith(close, at)) return { text: text + close, end: at + close.length };
    const char = source[at] as string;
    if (char === '"' || char === "'") {
      const quoteEnd = endOfQuoted(source, at);
      const quoted = source.slice(at, quoteEnd);
      const closeInside = quoted.indexOf(close);
      if (!quotesHideClose && closeInside >= 0) return { text: text + source.slice(at, at + closeInside + close.length), end: at + closeInside + close.length };
      text += quoted;
      at = quoteEnd;
    } else if (source.startsWith('${', at) && source.indexOf('}', at + 2) >= 0) {
      const nameEnd = source.indexOf('}', at + 2);
      text = appendVariable(text, source.slice(at + 2, nameEnd));
      at = nameEnd + 1;
    } else {
      text += char;
      at += 1;
    }
  }
  // Unclosed markup: left for liquidjs to report as a parse error.
  return { text: text, end: source.length };
}

function endOfQuoted(source: string, start: number): number {
  const quote = source[start];
  let escaped = false;
  for (let at = start + 1; at < source.length; at++) {
    if (escaped) escaped = false;
    else if (source[at] === '\\') escaped = true;
    else if (source[at] === quote) return at + 1;
  }
  return source.length;
}

function appendVariable(text: string, rawName: string): string {
  const name = rawName.trim();
  if (text.endsWith('.')) return text.slice(0, -1) + propertyAccess(name);
  return text + STANDARD_NAMESPACE + propertyAccess(name);
}

function propertyAccess(name: string): string {
  return PLAIN_NAME.test(name) ? `.${name}` : `[${quoteLiquidString(name)}]`;
}

function quoteLiquidString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function isRawOpening(tag: string): boolean {
  return /^\{%-?\s*raw\s*-?%\}$/.test(tag);
}

function findEndraw(source: string, from: number): number {
  const endraw = /\{%-?\s*endraw\s*-?%\}/g;
  endraw.lastIndex = from;
  const match = endraw.exec(source);
  return match ? match.index : source.length;
}
