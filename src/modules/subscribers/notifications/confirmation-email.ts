import { escapeHtml } from '../../status-pages/public/html/text';
import { emailLayout } from './email-layout';
import { LINKS, Notice, withoutPlaceholders } from './notice';

/** The email that asks a new subscriber to confirm (double opt-in). */
export function confirmationNotice(page: { id: string; name: string }, key: string): Notice {
  const name = withoutPlaceholders(page.name);
  const heading = `Confirm your subscription to ${name}`;
  const { text, html } = emailLayout({
    pageName: name,
    heading,
    text: [
      `Someone (hopefully you) asked to get an email when ${name} posts an incident or a maintenance.`,
      `Confirm your subscription: ${LINKS.confirm}`,
      'The link works for 7 days. Until you confirm, you get nothing.',
    ],
    html:
      `<p>Someone (hopefully you) asked to get an email when ${escapeHtml(name)} posts an incident or a maintenance.</p>` +
      `<p><a href="${LINKS.confirm}" style="display:inline-block;padding:10px 16px;background:#0052cc;color:#fff;border-radius:4px;text-decoration:none">Confirm your subscription</a></p>` +
      `<p>The link works for 7 days. Until you confirm, you get nothing.</p>`,
    footer: 'confirmation',
  });
  return { pageId: page.id, key, kind: 'confirmation', componentIds: [], subject: heading, text, html, threadKey: key, startsThread: true };
}
