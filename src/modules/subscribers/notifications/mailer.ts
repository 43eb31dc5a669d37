import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppConfig } from '../../../config/app-config';

/** One email, to one recipient. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The thread's root Message-ID (In-Reply-To and References), unless this email is the root. */
  inReplyTo?: string;
  /** RFC 8058 one-click unsubscribe (List-Unsubscribe and List-Unsubscribe-Post). */
  unsubscribeUrl?: string;
}

/** What the SMTP server answered to one email. */
export type SendResult = { ok: true; response: string } | { ok: false; response: string; permanent: boolean };

/** SMTP connections kept open and shared by every send of this process. */
const POOL_CONNECTIONS = 5;

/**
 * The SMTP side of subscriber email: one pooled nodemailer transport to
 * SMTP_URL per process. Without SMTP_URL it is disabled (email
 * subscriptions are off).
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport?: Transporter<SMTPPool.SentMessageInfo>;
  readonly from: string;
  /** The domain of MAIL_FROM: the right-hand side of every Message-ID. */
  readonly domain: string;

  constructor(private readonly config: AppConfig) {
    this.from = config.mailFrom;
    this.domain = /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'localhost';
  }

  get enabled(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const headers: Record<string, string> = {};
    if (email.unsubscribeUrl) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    try {
      const info = await this.connection().sendMail({
        from: this.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        inReplyTo: email.inReplyTo,
        references: email.inReplyTo,
        list: email.unsubscribeUrl ? { unsubscribe: { url: email.unsubscribeUrl, comment: 'Unsubscribe' } } : undefined,
        headers,
        // Base64 is encoded natively; quoted-printable (nodemailer's choice for these bodies) in
        // JavaScript, a stream transform per chunk: the most CPU of a send (bench/subscribers.js).
        textEncoding: 'base64',
      });
      return { ok: true, response: info.response ?? 'accepted' };
    } catch (err) {
      const e = err as Error & { responseCode?: number; response?: string };
      const code = e.responseCode;
      return {
        ok: false,
        response: (e.response ?? e.message).slice(0, 500),
        // 5xx: the server refuses this message for good (e.g. no such mailbox); anything else may pass later.
        permanent: code !== undefined && code >= 500 && code < 600,
      };
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private connection(): Transporter<SMTPPool.SentMessageInfo> {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    this.transport ??= createTransport({
      url: this.config.smtpUrl,
      pool: true,
      maxConnections: POOL_CONNECTIONS,
      maxMessages: Infinity,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    } as SMTPPool.Options);
    return this.transport;
  }
}
