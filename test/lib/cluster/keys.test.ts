import { describe, expect, it } from 'vitest';
import { clusterKeys, DEFAULT_PREFIX } from '../../../lib/cluster/keys.ts';

describe('clusterKeys', () => {
  it('puts every key under the prefix', () => {
    const keys = clusterKeys('a');
    expect([keys.lease, keys.epoch, keys.posts, keys.nodes, keys.presence('n1'), keys.seen('x')].every((key) => key.startsWith('a:'))).toBe(true);
    expect(clusterKeys().lease).toBe(`${DEFAULT_PREFIX}:lease`);
  });

  it('keys a pushed id by its hash: the same length whatever the id, distinct for distinct ids', () => {
    const keys = clusterKeys('a');
    const long = keys.seen('x'.repeat(10_000));
    const odd = keys.seen('a b\r\n*');
    expect(long.length).toBe(odd.length);
    expect(odd).toMatch(/^a:seen:[A-Za-z0-9_-]+$/);
    expect(keys.seen('one')).not.toBe(keys.seen('two'));
    expect(keys.seen('one')).toBe(keys.seen('one'));
  });
});
