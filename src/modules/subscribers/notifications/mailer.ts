import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppConfig } from '../../../config/app-config';
import { EmailShape, EmailTemplate, fullEmail } from './email-template';

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
/** A composed email is reused this long (its Date header is when it was composed). */
const TEMPLATE_TTL_MS = 60_000;
/** Composed emails kept (one per event being sent, in practice). */
const TEMPLATES_KEPT = 50;

/**
 * The SMTP side of subscriber email: one pooled nodemailer transport to
 * SMTP_URL per process. Without SMTP_URL it is disabled (email
 * subscriptions are off).
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport?: Transporter<SMTPPool.SentMessageInfo>;
  private readonly templates = new Map<string, { at: number; template: Promise<EmailTemplate> }>();
  readonly from: string;
  /** The address of MAIL_FROM: the envelope sender. */
  private readonly fromAddress: string;
  /** The domain of MAIL_FROM: the right-hand side of every Message-ID. */
  readonly domain: string;

  constructor(private readonly config: AppConfig) {
    this.from = config.mailFrom;
    this.domain = /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'localhost';
    this.fromAddress = /<([^>]+)>\s*$/.exec(config.mailFrom)?.[1] ?? config.mailFrom.trim();
  }

  get enabled(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  /**
   * Sends one email. Its message is the event's email composed once
   * (EmailTemplate) with this recipient's lines put in; an address nodemailer
   * must encode gets the email composed in full.
   */
  async send(email: OutgoingEmail): Promise<SendResult> {
    try {
      const raw = (await this.template(email)).fill(email);
      const info = raw
        ? await this.connection().sendMail({ envelope: { from: this.fromAddress, to: [email.to] }, raw })
        : await this.connection().sendMail(fullEmail(this.from, email.subject, email));
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

  /** The event's email, composed once a minute at most (its Date header is when). */
  private template(email: OutgoingEmail): Promise<EmailTemplate> {
    const shape: EmailShape = { from: this.from, subject: email.subject, threaded: !!email.inReplyTo, unsubscribe: !!email.unsubscribeUrl };
    const key = JSON.stringify(shape);
    const kept = this.templates.get(key);
    if (kept && Date.now() - kept.at < TEMPLATE_TTL_MS) return kept.template;
    const now = new Date();
    const template = EmailTemplate.compose(shape, now);
    this.templates.delete(key);
    this.templates.set(key, { at: now.getTime(), template });
    template.catch(() => this.templates.delete(key));
    if (this.templates.size > TEMPLATES_KEPT) this.templates.delete(this.templates.keys().next().value as string);
    return template;
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
