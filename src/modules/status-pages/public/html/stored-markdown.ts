import { renderMarkdown } from './text';

/**
 * The HTML of a piece of user Markdown: rendered once when it was written
 * (`stored`), or now for rows written before that was done.
 */
export function markdownHtml(stored: string | null | undefined, source: string | null | undefined): string {
  return stored ?? renderMarkdown(source ?? '');
}

/** Renders user Markdown for storage, at write time (the public side never renders it per request). */
export function renderForStorage(source: string): string;
export function renderForStorage(source: string | null | undefined): string | null;
export function renderForStorage(source: string | null | undefined): string | null {
  return source == null ? null : renderMarkdown(source);
}
