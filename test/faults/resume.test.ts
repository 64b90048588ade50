// Fault suite, resuming: a client that asks for the whole replay window again and again
// gets as many replays as its event budget allows and is refused after that. What each
// replay queues for it is held to the slow-consumer bound, and pages are still served.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../config/env.ts';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { REPLAY_MAX_POSTS } from '../../lib/delivery/replay-window.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { request, settle, startServer, stillServes } from '../helpers/server.ts';

const ASKS = 60;

describe('a client that asks for the whole replay again and again', () => {
  it('is metered like any event, its queue stays bounded, and pages are still served', async () => {
    const server = await startServer(new ManualSource());
    for (let i = 0; i < REPLAY_MAX_POSTS; i++) server.source.push(`cats ${i}`); // a full window, every post a match
    const greedy = await server.client();
    let skipped = 0;
    greedy.on('postsSkipped', (count) => (skipped += count));

    // All at once; past its burst and ten refusals the flood guard stops answering, so the
    // answers are counted once they have stopped coming rather than awaited one by one
    const answers: Array<{ data?: { replay: { posts: number } }; error?: string }> = [];
    for (let i = 0; i < ASKS; i++) void request(greedy, 'updateTerm', { term: 'cats', since: '1-0' }).then((answer) => answers.push(answer as never));
    await settle(1_000);
    const served = answers.filter((answer) => answer.data);
    const refused = answers.filter((answer) => answer.error === CLIENT_ERRORS.tooFast);
    expect(served.length + refused.length).toBe(answers.length);
    expect(served.length).toBeLessThanOrEqual(DEFAULT_LIMITS.eventBurst + 1); // +1: a token may come back meanwhile
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(served.every((answer) => answer.data!.replay.posts === REPLAY_MAX_POSTS)).toBe(true);

    // Each replay is a thousand posts at once: past MAX_QUEUED_POSTS waiting, the oldest go
    expect(skipped).toBeGreaterThan(0);
    expect(greedy.connected).toBe(true); // dropped posts, not a closed page: it read all along
    await stillServes(server);
  });
});
