import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it: the envelope and the parsed mail. */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  mail: ParsedMail;
  /** When its data had arrived in full (before any slowDown delay). */
  arrivedAt: number;
}

/**
 * A real SMTP server, in-process (`smtp-server`, parsed by `mailparser`): the
 * service talks the real protocol to it, as to any relay. `refuseNext(n)`
 * answers the next n messages with a temporary failure (451) after DATA;
 * `slowDown(ms)` makes it take that long to accept each message (so that a
 * sender can be killed mid-batch).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private refusals = 0;
  private acceptDelayMs = 0;
  private server!: SMTPServer;
  port = 0;

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.listen();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  refuseNext(count: number): void {
    this.refusals = count;
  }

  /** Messages sent to an address (envelope recipient). */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.envelopeTo.includes(address.toLowerCase()));
  }

  slowDown(ms: number): void {
    this.acceptDelayMs = ms;
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const arrivedAt = Date.now();
          if (this.refusals > 0) {
            this.refusals--;
            const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
            callback(err);
            return;
          }
          const from = session.envelope.mailFrom;
          const envelopeFrom = from ? from.address : '';
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const delay = this.acceptDelayMs;
          simpleParser(Buffer.concat(chunks))
            .then((mail) => (delay ? new Promise<ParsedMail>((r) => setTimeout(() => r(mail), delay)) : mail))
            .then((mail) => {
              this.received.push({ envelopeFrom, envelopeTo, mail, arrivedAt });
              callback();
            })
            .catch((err: Error) => callback(err));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        // A client that goes away mid-session (a SIGKILLed worker) resets its connection:
        // smtp-server reports that as an 'error', which must not fail the test run.
        this.server.on('error', () => undefined);
        resolve();
      });
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }
}
