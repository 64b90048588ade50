import { afterEach, describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../lib/contract/events.ts';
import { parseTermKey, termKey } from '../../../lib/delivery/rooms.ts';
import { clusterKeys, type ClusterKeys } from '../../../lib/cluster/keys.ts';
import { isResumable, Leader } from '../../../lib/cluster/leader.ts';
import { Lease } from '../../../lib/cluster/lease.ts';
import { PostLog } from '../../../lib/cluster/post-log.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { makePost, ManualSource } from '../../helpers/manual-source.ts';
import { freshPrefix, redisForFile, redisInstalled } from '../../helpers/redis-server.ts';

const LEASE_MS = 150;

const redis = redisForFile();

/** A source that, like Bluesky, says where it is and can start from there. */
class ResumableSource extends ManualSource {
  position: string | null = null;
  resumedFrom: string | null = null;
  resumeFrom(position: string): void {
    this.resumedFrom = position;
  }
}

interface Node {
  leader: Leader;
  sources: ManualSource[];
  statuses: StreamStatus[];
  notices: [string, string][];
}

const leaders: Leader[] = [];
afterEach(async () => {
  await Promise.all(leaders.splice(0).map((leader) => leader.stop()));
});

function node(keys: ClusterKeys, id: string, make: () => ManualSource = () => new ManualSource()): Node {
  const state: Node = { leader: null!, sources: [], statuses: [], notices: [] };
  state.leader = new Leader({
    lease: new Lease(redis.client, keys, id, LEASE_MS),
    log: new PostLog(redis.client, keys, 1_000),
    leaseMs: LEASE_MS,
    createSource: () => {
      const source = make();
      state.sources.push(source);
      return source;
    },
    logger: silentLogger(),
    onStatus: (status) => state.statuses.push(status),
    onNotice: (termKey, message) => state.notices.push([termKey, message]),
    onChange: () => undefined,
  });
  leaders.push(state.leader);
  state.leader.start();
  return state;
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

const key = (term: string): string => termKey({ term, lang: null });

describe.skipIf(!redisInstalled)('Leader', () => {
  it('lets one node of several run the upstream, and writes its posts to the log', async () => {
    const keys = clusterKeys(freshPrefix());
    const nodes = [node(keys, 'a'), node(keys, 'b'), node(keys, 'c')];
    await until(() => nodes.some((n) => n.leader.leading));
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS)); // several renewals later, still one
    const leading = nodes.filter((n) => n.leader.leading);
    expect(leading).toHaveLength(1);
    expect(nodes.flatMap((n) => n.sources)).toHaveLength(1);
    const source = leading[0]!.sources[0]!;
    expect(source.started).toBe(true);
    source.push('one');
    source.push('two');
    const log = new PostLog(redis.client, keys, 1_000);
    await until(async () => (await log.newest(10)).length === 2);
    expect((await log.newest(10)).map((entry) => entry.post.text)).toEqual(['two', 'one']);
    expect(leading[0]!.statuses.at(-1)?.state).toBe('live');
  });

  it('stops its source as soon as another node holds the lease, and writes none of its later posts', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = node(keys, 'a');
    await until(() => a.leader.leading);
    const source = a.sources[0]!;
    // Another node takes over, as after a pause longer than the TTL
    await redis.client.del(keys.lease);
    const thief = await new Lease(redis.client, keys, 'z', 10_000).acquire();
    expect(thief).not.toBeNull();
    source.push('written by a deposed leader');
    await until(() => !a.leader.leading);
    expect(source.started).toBe(false);
    expect(await new PostLog(redis.client, keys, 1_000).newest(10)).toEqual([]);
  });

  it("takes over once a dead leader's lease runs out", async () => {
    const keys = clusterKeys(freshPrefix());
    // A leader that died: it took the lease and never renewed it
    await new Lease(redis.client, keys, 'dead', LEASE_MS).acquire();
    const b = node(keys, 'b');
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS / 2));
    expect(b.leader.leading).toBe(false);
    await until(() => b.leader.leading);
    expect(b.sources[0]!.started).toBe(true);
    expect(await redis.client.get(keys.lease)).toBe('b#2');
  });

  it('resumes a resumable upstream from the last position in the log and drops what the log already has', async () => {
    const keys = clusterKeys(freshPrefix());
    const log = new PostLog(redis.client, keys, 1_000);
    const old = new Lease(redis.client, keys, 'old', LEASE_MS);
    const token = (await old.acquire())!;
    const kept = makePost('already logged', { id: 'did:plc:x/1' });
    await log.appendFenced(token, kept, undefined, '1700000000000000');
    await log.appendPushed(makePost('pushed, with no position'));
    await old.release(token);

    const b = node(keys, 'b', () => new ResumableSource());
    await until(() => b.leader.leading);
    const source = b.sources[0] as ResumableSource;
    expect(isResumable(source)).toBe(true);
    expect(source.resumedFrom).toBe('1700000000000000');
    source.position = '1700000000000001';
    source.pushPost(kept); // replayed by the rewind: dropped
    source.push('new after the takeover', { id: 'did:plc:x/2' });
    await until(async () => (await log.newest(10)).length === 3);
    const newest = (await log.newest(10))[0]!;
    expect(newest.post.id).toBe('did:plc:x/2');
    expect(newest.position).toBe('1700000000000001');
  });

  it('follows the union of the cluster terms on its source, and passes notices on', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = node(keys, 'a');
    a.leader.follow(new Set([key('cat'), key('dog'), 'not a term']));
    await until(() => a.leader.leading);
    const source = a.sources[0]!;
    expect([...source.followed.keys()].sort()).toEqual([key('cat'), key('dog')]);
    a.leader.follow(new Set([key('dog'), key('owl')]));
    expect([...source.followed.keys()].sort()).toEqual([key('dog'), key('owl')]);
    expect(source.followed.get(key('owl'))).toEqual(parseTermKey(key('owl'))!.query);
    source.emit('notice', key('owl'), 'too broad');
    expect(a.notices).toEqual([[key('owl'), 'too broad']]);
  });

  it('gives the lease up when stopped, so another node leads at once', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = node(keys, 'a');
    await until(() => a.leader.leading);
    await a.leader.stop();
    expect(a.sources[0]!.started).toBe(false);
    expect(await redis.client.get(keys.lease)).toBeNull();
  });
});
