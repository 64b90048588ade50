import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../lib/contract/events.ts';
import { BaseSource, STATUS_INTERVAL } from '../../../lib/sources/source.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

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

describe('BaseSource status, coalesced (statusIntervalMs)', () => {
  function setup() {
    const clock = new ManualClock();
    const source = new QuietSource({ statusIntervalMs: STATUS_INTERVAL, clock });
    const heard: StreamStatus[] = [];
    source.on('status', (status) => heard.push(status));
    return { clock, source, heard };
  }

  it('announces at most one status per interval, the latest winning, however fast it flaps', () => {
    const { clock, source, heard } = setup();
    for (let i = 0; i < 10_000; i += 1) {
      source.say('live');
      source.say('reconnecting', undefined, 250);
      clock.advance(1); // a flap every millisecond: 10 s in all
    }
    expect(heard.length).toBeLessThanOrEqual(10_000 / STATUS_INTERVAL + 1);
    clock.advance(STATUS_INTERVAL);
    expect(heard.at(-1)).toMatchObject({ state: 'reconnecting' });
    expect(source.status).toEqual({ source: 'bluesky', state: 'reconnecting', retryInMs: 250 });
  });

  it('announces the first change at once, and a later one when the interval has passed', () => {
    const { clock, source, heard } = setup();
    source.say('live');
    expect(heard).toEqual([{ source: 'bluesky', state: 'live' }]);
    source.say('error', 'The stream is unavailable.');
    source.say('reconnecting', undefined, 2_000);
    expect(heard).toHaveLength(1);
    clock.advance(STATUS_INTERVAL - 100);
    expect(heard).toHaveLength(1);
    clock.advance(100);
    // The countdown is shorter by the time it waited to be sent
    expect(heard).toEqual([{ source: 'bluesky', state: 'live' }, { source: 'bluesky', state: 'reconnecting', retryInMs: 1_500 }]);
  });

  it('says nothing when the status is back where the pages last heard it', () => {
    const { clock, source, heard } = setup();
    source.say('live');
    source.say('error', 'A blip.');
    source.say('live');
    clock.advance(STATUS_INTERVAL * 4);
    expect(heard).toEqual([{ source: 'bluesky', state: 'live' }]);
  });
});
