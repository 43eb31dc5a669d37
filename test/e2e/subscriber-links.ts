/*
 * The links of the emails subscribers receive, read from what the SMTP sink
 * got, for tests that follow them like a reader would.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { emailLayout } from '../../src/modules/subscribers/notifications/email-layout';
import { NotificationsService } from '../../src/modules/subscribers/notifications/notifications.service';
import { eventually, TestApp } from './harness';
import { SmtpSink } from './smtp-sink';

export type EmailLinks = Record<'confirm' | 'manage' | 'unsubscribe', string>;

/**
 * The paths (with their tokens) of the links in email #`count` to an address:
 * a confirmation email has confirm and unsubscribe links, the others manage
 * and unsubscribe links; a link the email lacks is ''.
 */
export async function linksOf(sink: SmtpSink, email: string, count = 1, timeoutMs = 15_000): Promise<EmailLinks> {
  const mail = await eventually(async () => sink.to(email)[count - 1], { what: `email #${count} to ${email}`, timeoutMs });
  const text = `${mail.mail.text ?? ''} ${String(mail.mail.html ?? '')}`;
  const link = (purpose: string) =>
    new RegExp(`https?://[^\\s"'<>]*?(/(?:status/[a-z0-9-]+/)?subscriptions/${purpose}\\?token=[A-Za-z0-9_-]+)`).exec(text)?.[1] ?? '';
  return { confirm: link('confirm'), manage: link('manage'), unsubscribe: link('unsubscribe') };
}

/**
 * An ordinary subscriber email about the page (as an incident's would be),
 * sent through the real notifications path to its active subscribers
 * following `componentIds` (none: all of them): it carries manage links.
 */
export async function sendNotice(app: TestApp, pageId: string, componentIds: string[] = []): Promise<void> {
  const key = `test-notice:${randomUUID()}`;
  const { text, html } = emailLayout({
    pageName: 'Test',
    heading: 'Something happened',
    text: ['A test notice.'],
    html: '<p>A test notice.</p>',
    footer: 'subscriber',
  });
  await app.app!.get(NotificationsService).notify({
    pageId,
    key,
    kind: 'incident.created',
    componentIds,
    subject: 'Something happened',
    text,
    html,
    threadKey: key,
    startsThread: true,
  });
}

/** A subscriber made straight in the database, for tests of the email side on its own. */
export async function insertSubscriber(
  db: Pick<Pool, 'query'>,
  pageId: string,
  state: 'pending' | 'active' | 'unsubscribed',
  componentIds: string[] = [],
): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${id.slice(0, 8)}@example.test`;
  await db.query(`INSERT INTO subscribers (id, page_id, email, state, updated_at) VALUES ($1, $2, $3, $4, now())`, [id, pageId, email, state]);
  for (const c of componentIds) await db.query(`INSERT INTO subscriber_components VALUES ($1, $2)`, [id, c]);
  return { id, email };
}
