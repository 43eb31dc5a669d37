import { AttemptResult } from './notifications.repository';

/**
 * Records attempts as they finish: each outcome is written with the next
 * write, which starts as soon as the previous one is done and takes whatever
 * arrived meanwhile. So an email the server accepted is marked sent within
 * about one database round trip (the only moment a crash can make it go out
 * twice), while a batch of 50 still costs a few statements, not 50.
 */
export class AttemptRecorder {
  private queued: AttemptResult[] = [];
  private writing?: Promise<void>;
  private failure?: Error;

  constructor(private readonly write: (results: AttemptResult[]) => Promise<void>) {}

  add(result: AttemptResult): void {
    this.queued.push(result);
    this.writing ??= this.flush();
  }

  /** Waits until everything added is written; throws if a write failed. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queued.length) {
        const results = this.queued;
        this.queued = [];
        await this.write(results).catch((err: Error) => void (this.failure ??= err));
      }
    } finally {
      this.writing = undefined;
    }
  }
}
