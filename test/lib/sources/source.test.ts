import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../lib/contract/events.ts';
import { BaseSource } from '../../../lib/sources/source.ts';

class QuietSource extends BaseSource {
  readonly name = 'bluesky';
  start(): void {}
  async stop(): Promise<void> {}
  say(...args: Parameters<BaseSource['setStatus']>): void {
    this.setStatus(...args);
  }
}

describe('BaseSource status', () => {
  it('is "connecting" until the source says otherwise, so nothing claims live too early', () => {
    expect(new QuietSource().status).toEqual({ source: 'bluesky', state: 'connecting', message: 'Connecting to the stream…' });
  });

  it('announces changes, and every retry, but not a repeated steady state', () => {
    const source = new QuietSource();
    const heard: StreamStatus[] = [];
    source.on('status', (status) => heard.push(status));
    source.say('live');
    source.say('live');
    source.say('reconnecting', undefined, 1000);
    source.say('reconnecting', undefined, 1000);
    expect(heard.map((s) => [s.state, s.retryInMs])).toEqual([['live', undefined], ['reconnecting', 1000], ['reconnecting', 1000]]);
    expect(source.status).toEqual({ source: 'bluesky', state: 'reconnecting', retryInMs: 1000 });
  });
});
