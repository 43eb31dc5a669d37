import { AttemptRecorder } from './attempt-recorder';
import { AttemptResult } from './notifications.repository';

const result = (id: string): AttemptResult => ({
  deliveryId: id,
  attempt: 1,
  ok: true,
  response: '250 OK',
  durationMs: 1,
  state: 'sent',
  nextAttemptAt: null,
  messageId: `<${id}@x>`,
});

describe('AttemptRecorder', () => {
  it('writes the first outcome at once and coalesces those that arrive during a write', async () => {
    const writes: string[][] = [];
    let release!: () => void;
    const recorder = new AttemptRecorder(async (rs) => {
      writes.push(rs.map((r) => r.deliveryId));
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
    });
    recorder.add(result('a'));
    recorder.add(result('b'));
    recorder.add(result('c'));
    expect(writes).toEqual([['a']]);
    release();
    await recorder.drain();
    expect(writes).toEqual([['a'], ['b', 'c']]);
    recorder.add(result('d'));
    await recorder.drain();
    expect(writes).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('reports a failed write when drained, after writing the rest', async () => {
    const writes: string[][] = [];
    const recorder = new AttemptRecorder(async (rs) => {
      writes.push(rs.map((r) => r.deliveryId));
      if (writes.length === 1) throw new Error('database down');
    });
    recorder.add(result('a'));
    recorder.add(result('b'));
    await expect(recorder.drain()).rejects.toThrow('database down');
    expect(writes).toEqual([['a'], ['b']]);
  });
});
