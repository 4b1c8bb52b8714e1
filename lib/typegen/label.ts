/** The longest label kept from a description, in characters. */
const MAX_LABEL = 24;
const LINK = /\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g;
const URL = /https?:\/\/[^\s)"'<>，。]+/g;
/** Where a label ends: the first sentence or clause break. */
const BREAK = /[，。；;：:！!？?\n(（<【]|\s{2}|\.\s/;

/** The links of a description (markdown links first, then bare URLs), in order, once each. */
export function linksOf(description: unknown): string[] {
  if (typeof description !== 'string') return [];
  const found = new Set<string>();
  for (const match of description.matchAll(LINK)) found.add(match[2] ?? '');
  for (const match of description.replace(LINK, '').matchAll(URL)) found.add(match[0]);
  found.delete('');
  return [...found];
}

/**
 * A short label from a description: its first clause, without links or markup, at most {@link MAX_LABEL}
 * characters. Long description paragraphs are never kept; only this label is.
 */
export function labelOf(description: unknown): string | undefined {
  if (typeof description !== 'string') return undefined;
  const text = description
    .replace(LINK, '$1')
    .replace(URL, '')
    .replace(/<[^>]*>/g, '')
    .replace(/[`*]/g, '')
    .trim();
  const first = text.split(BREAK)[0]?.trim() ?? '';
  if (first === '') return undefined;
  return first.length > MAX_LABEL ? `${first.slice(0, MAX_LABEL - 1)}…` : first;
}

/** An operation's title: its summary, trimmed, on one line. */
export function titleOf(summary: unknown): string | undefined {
  if (typeof summary !== 'string') return undefined;
  const title = summary.replace(/\s+/g, ' ').trim();
  return title === '' ? undefined : title;
}
