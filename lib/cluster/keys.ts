// The Redis keys one cluster shares, all under one prefix so two clusters (or two test
// cases) can share a Redis without meeting.
import { createHash } from 'node:crypto';

export const DEFAULT_PREFIX = 'stream-search';

export interface ClusterKeys {
  lease: string; // who reads the upstream: "<node id>#<epoch>", with a TTL
  epoch: string; // the fencing counter, one step per leadership
  posts: string; // the Redis Stream every node relays
  nodes: string; // the set of node ids that published presence
  presence(nodeId: string): string; // one node's presence record, with a TTL
  seen(postId: string): string; // "this id was pushed lately", with a TTL
}

export function clusterKeys(prefix = DEFAULT_PREFIX): ClusterKeys {
  return {
    lease: `${prefix}:lease`,
    epoch: `${prefix}:epoch`,
    posts: `${prefix}:posts`,
    nodes: `${prefix}:nodes`,
    presence: (nodeId) => `${prefix}:presence:${nodeId}`,
    // Hashed: an id comes from a client, so its key has a fixed length and no odd bytes
    seen: (postId) => `${prefix}:seen:${createHash('sha256').update(postId).digest('base64url')}`,
  };
}
