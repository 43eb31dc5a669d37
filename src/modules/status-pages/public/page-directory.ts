/** Which public page a slug or a domain names. */
export interface Directory {
  bySlug: Map<string, string>;
  byDomain: Map<string, string>;
}

/** A directory read, and its result once it arrived (for the synchronous hot path). */
interface DirectoryLoad {
  gen: number;
  value: Promise<Directory>;
  resolved?: Directory;
}

/**
 * The slug/domain directory of the public pages, read once per generation
 * (`changed()` bumps it); while it cannot be read, the last one read is
 * served, with one new attempt per `retryAfterMs` at most.
 */
export class PageDirectory {
  private gen = 0;
  private load?: DirectoryLoad;
  private last?: Directory;
  private failedAt = 0;

  constructor(
    private readonly read: () => Promise<Array<{ id: string; slug: string; domain: string | null }>>,
    private readonly retryAfterMs: number,
    private readonly onFailure: (err: Error) => void,
  ) {}

  changed(): void {
    this.gen += 1;
  }

  /** The current directory if it has arrived, without waiting (the hot path); undefined otherwise. */
  now(): Directory | undefined {
    return this.load?.gen === this.gen ? this.load.resolved : undefined;
  }

  get(): Promise<Directory> {
    if (this.load && this.load.gen === this.gen) return this.load.value;
    const last = this.last;
    if (last && Date.now() - this.failedAt < this.retryAfterMs) return Promise.resolve(last);
    const gen = this.gen;
    const read = this.read().then((pages) => ({
      bySlug: new Map(pages.map((p) => [p.slug, p.id])),
      byDomain: new Map(pages.filter((p) => p.domain).map((p) => [p.domain as string, p.id])),
    }));
    const value = last ? read.catch(() => last) : read;
    const holder: DirectoryLoad = { gen, value };
    this.load = holder;
    read.then(
      (d) => {
        holder.resolved = d;
        if (this.gen === gen) this.last = d;
      },
      (err: Error) => {
        if (this.load === holder) this.load = undefined;
        this.failedAt = Date.now();
        this.onFailure(err);
      },
    );
    return value;
  }
}
