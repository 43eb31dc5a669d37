import { escapeHtml } from '../../status-pages/public/html/text';
import { LINKS, withoutPlaceholders } from './notice';

/** The parts of one email, before the per-recipient links are filled in. */
export interface EmailContent {
  pageName: string;
  /** One line: what happened (also the start of the subject). */
  heading: string;
  /** The body as plain-text paragraphs; user text in it must have passed `withoutPlaceholders`. */
  text: string[];
  /** The same body as HTML (escaped / sanitized, user text without placeholders). */
  html: string;
  /** Why the recipient gets it, and the links: a confirmation has no manage link yet. */
  footer: 'subscriber' | 'confirmation';
}

/**
 * Every subscriber email's text and HTML parts in one look: the page's name,
 * the body, and the manage / unsubscribe links (placeholders, see notice.ts).
 * The HTML is self-contained (inline styles, no images), as email clients want.
 */
export function emailLayout(c: EmailContent): { text: string; html: string } {
  const page = withoutPlaceholders(c.pageName);
  const heading = withoutPlaceholders(c.heading);
  const footerText =
    c.footer === 'subscriber'
      ? [`You get this email because you subscribed to ${page}.`, `Manage your subscription: ${LINKS.manage}`, `Unsubscribe: ${LINKS.unsubscribe}`]
      : [`If you did not ask for this, ignore this email, or unsubscribe: ${LINKS.unsubscribe}`];
  const text = [page, '', heading, '', ...c.text.flatMap((p) => [p, '']), '--', ...footerText].join('\n');
  const footerHtml =
    c.footer === 'subscriber'
      ? `You get this email because you subscribed to ${escapeHtml(page)}.<br><a href="${LINKS.manage}">Manage your subscription</a> · <a href="${LINKS.unsubscribe}">Unsubscribe</a>`
      : `If you did not ask for this, ignore this email, or <a href="${LINKS.unsubscribe}">unsubscribe</a>.`;
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>` +
    `<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#172b4d">` +
    `<div style="max-width:600px;margin:0 auto;background:#fff;border-radius:6px;padding:24px">` +
    `<p style="margin:0 0 8px;font-size:14px;color:#5e6c84">${escapeHtml(page)}</p>` +
    `<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(heading)}</h1>` +
    c.html +
    `<p style="margin:24px 0 0;font-size:12px;color:#5e6c84">${footerHtml}</p>` +
    `</div></body></html>`;
  return { text, html };
}
