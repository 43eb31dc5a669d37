import { encode as base64, wrap } from 'nodemailer/lib/base64';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { foldLines } from 'nodemailer/lib/mime-funcs';

/** What every copy of one email shares. */
export interface EmailShape {
  from: string;
  subject: string;
  /** In-Reply-To and References: the email answers its thread's root. */
  threaded: boolean;
  /** List-Unsubscribe (RFC 8058 one-click). */
  unsubscribe: boolean;
}

/** What one recipient's copy has of its own. */
export interface Recipient {
  to: string;
  messageId: string;
  /** The thread's root Message-ID (when the shape is threaded). */
  inReplyTo?: string;
  unsubscribeUrl?: string;
  text: string;
  html: string;
}

/** Where a recipient's own lines go in the composed message. */
type Slot = 'to' | 'messageId' | 'inReplyTo' | 'references' | 'unsubscribe' | 'text' | 'html';

/** Stand-ins nodemailer composes the shared message with, each alone on its line of the result. */
const STAND_INS = {
  to: 'to@recipient.invalid',
  messageId: '<message-id@recipient.invalid>',
  thread: '<thread@recipient.invalid>',
  unsubscribe: 'https://recipient.invalid/unsubscribe',
  text: 'text-part@recipient.invalid',
  html: 'html-part@recipient.invalid',
};

const LINES: Record<Slot, string> = {
  to: `To: ${STAND_INS.to}`,
  messageId: `Message-ID: ${STAND_INS.messageId}`,
  inReplyTo: `In-Reply-To: ${STAND_INS.thread}`,
  references: `References: ${STAND_INS.thread}`,
  unsubscribe: `List-Unsubscribe: <${STAND_INS.unsubscribe}> (Unsubscribe)`,
  text: STAND_INS.text,
  html: STAND_INS.html,
};

/**
 * An address nodemailer writes out as it is (ASCII, no quoting, a lower-case
 * domain that needs no punycode): only those go into the shared message.
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9.-]+$/;

/**
 * One recipient's email composed in full by nodemailer: what each copy of an
 * EmailTemplate reads as (email-template.spec.ts), and how an email whose
 * address the template cannot take is sent.
 */
export function fullEmail(from: string, subject: string, r: Recipient): Mail.Options {
  return {
    from,
    to: r.to,
    subject,
    text: r.text,
    html: r.html,
    messageId: r.messageId,
    inReplyTo: r.inReplyTo,
    references: r.inReplyTo,
    list: r.unsubscribeUrl ? { unsubscribe: { url: r.unsubscribeUrl, comment: 'Unsubscribe' } } : undefined,
    headers: r.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {},
    // Base64, as in the template's body parts: encoded natively (quoted-printable is a JavaScript stream transform).
    textEncoding: 'base64',
  };
}

/** nodemailer's own composition (the same steps as a send over SMTP), handing back the message. */
const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/** A body part: UTF-8, base64 in lines of 76, as nodemailer writes it with `textEncoding: 'base64'`. */
function bodyPart(type: 'text/plain' | 'text/html', content: string): string {
  return `Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap(base64(Buffer.from(content, 'utf8')), 76)}`;
}

/**
 * One email as nodemailer composes it (headers, encoded subject, MIME
 * structure), composed once for every recipient. Each copy is that message
 * with the recipient's own header lines (folded as nodemailer folds them) and
 * its bodies (their links carry per-email tokens) put in. Sent as `raw`, a
 * copy skips nodemailer's per-message build: the MIME tree, the header
 * encoding and the stream chain, most of the CPU of a send
 * (bench/subscribers.js).
 */
export class EmailTemplate {
  private constructor(
    /** The composed message, cut at the recipient's lines: text, slot, text, slot, ..., text. */
    private readonly pieces: string[],
    private readonly slots: Slot[],
  ) {}

  static async compose(shape: EmailShape, now = new Date()): Promise<EmailTemplate> {
    const { message } = await composer.sendMail({
      from: shape.from,
      to: STAND_INS.to,
      subject: shape.subject,
      date: now,
      messageId: STAND_INS.messageId,
      inReplyTo: shape.threaded ? STAND_INS.thread : undefined,
      references: shape.threaded ? STAND_INS.thread : undefined,
      list: shape.unsubscribe ? { unsubscribe: { url: STAND_INS.unsubscribe, comment: 'Unsubscribe' } } : undefined,
      headers: shape.unsubscribe ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {},
      text: { raw: STAND_INS.text },
      html: { raw: STAND_INS.html },
    });
    const lines = (message as Buffer).toString('ascii').split('\r\n');
    const pieces: string[] = [];
    const slots: Slot[] = [];
    let text: string[] = [];
    for (const line of lines) {
      const slot = (Object.keys(LINES) as Slot[]).find((s) => LINES[s] === line);
      if (!slot) {
        text.push(line);
        continue;
      }
      pieces.push(text.length ? `${text.join('\r\n')}\r\n` : '');
      slots.push(slot);
      text = [''];
    }
    pieces.push(text.join('\r\n'));
    const expected: Slot[] = ['to', 'messageId', 'text', 'html'];
    if (shape.threaded) expected.push('inReplyTo', 'references');
    if (shape.unsubscribe) expected.push('unsubscribe');
    if (slots.length !== expected.length || expected.some((s) => slots.filter((x) => x === s).length !== 1)) {
      throw new Error(`nodemailer composed an unexpected message: recipient lines ${slots.join(', ')}`);
    }
    return new EmailTemplate(pieces, slots);
  }

  /**
   * The raw message for one recipient, or null when the address is not
   * plain (nodemailer must encode it: compose that one in full).
   */
  fill(r: Recipient): string | null {
    if (!PLAIN_ADDRESS.test(r.to)) return null;
    const value: Record<Slot, () => string> = {
      to: () => foldLines(`To: ${r.to}`, 76),
      messageId: () => foldLines(`Message-ID: ${r.messageId}`, 76),
      inReplyTo: () => foldLines(`In-Reply-To: ${r.inReplyTo}`, 76),
      references: () => foldLines(`References: ${r.inReplyTo}`, 76),
      unsubscribe: () => foldLines(`List-Unsubscribe: <${r.unsubscribeUrl}> (Unsubscribe)`),
      text: () => bodyPart('text/plain', r.text),
      html: () => bodyPart('text/html', r.html),
    };
    let out = this.pieces[0];
    for (let i = 0; i < this.slots.length; i++) out += value[this.slots[i]]() + this.pieces[i + 1];
    return out;
  }
}
