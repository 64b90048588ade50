import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, readFrame, subscribeUrl } from '../../../../lib/sources/bluesky/frames.ts';
import { BASE_TIME_US, deleteFrame, identityFrame, postFrame, testDid } from '../../../helpers/fake-jetstream.ts';

const did = testDid(1);
const read = (frame: unknown) => readFrame(JSON.stringify(frame));

describe('readFrame', () => {
  it('turns a commit create of a post into a post event', () => {
    expect(read(postFrame(did, '3mmoojp4cd223', 'Try RSV for a good time !!', BASE_TIME_US, ['pt', 'en']))).toEqual({
      type: 'post',
      timeUs: BASE_TIME_US,
      did,
      rkey: '3mmoojp4cd223',
      text: 'Try RSV for a good time !!',
      lang: 'pt',
      createdAt: new Date(BASE_TIME_US / 1000).toISOString(),
      parts: { embed: undefined, labels: undefined, reply: undefined, facets: undefined },
    });
  });

  it('reads the exact frame from the Jetstream docs, ignoring the extra top-level cursor', () => {
    const frame =
      '{"did":"did:plc:q235v55g5unth4zjjdpacfdr","time_us":1779719009157119,"kind":"commit","cursor":1779719009157119,' +
      '"commit":{"rev":"3mmoojpaqkn2z","operation":"create","collection":"app.bsky.feed.post","rkey":"3mmoojp4cd223",' +
      '"record":{"$type":"app.bsky.feed.post","createdAt":"2026-05-25T14:23:28.757Z","langs":["en"],"text":"Try RSV for a good time !!"},' +
      '"cid":"bafyreicl7rzkxdrm4zz2ehbx52kuk3mvfow6p3gzfys72r5grvskxoswy4"}}';
    expect(readFrame(frame)).toMatchObject({ type: 'post', did: 'did:plc:q235v55g5unth4zjjdpacfdr', lang: 'en' });
  });

  it('gives a post without langs a null lang and one with a bad createdAt a null date', () => {
    const frame = postFrame(did, 'a1', 'hello', BASE_TIME_US, []);
    (frame.commit as { record: Record<string, unknown> }).record.createdAt = 42;
    expect(read(frame)).toMatchObject({ type: 'post', lang: null, createdAt: null });
  });

  it('reads an identity event with its handle', () => {
    expect(read(identityFrame(did, 'alice.example', BASE_TIME_US))).toEqual({
      type: 'identity',
      timeUs: BASE_TIME_US,
      did,
      handle: 'alice.example',
    });
  });

  it('ignores deletes, updates, accounts, other collections and text-less posts, keeping their time', () => {
    const update = postFrame(did, 'a1', 'edited', BASE_TIME_US);
    (update.commit as Record<string, unknown>).operation = 'update';
    const like = postFrame(did, 'a2', 'x', BASE_TIME_US);
    (like.commit as Record<string, unknown>).collection = 'app.bsky.feed.like';
    const account = { did, time_us: BASE_TIME_US, kind: 'account', account: { active: true } };
    expect(read(deleteFrame(did, 'a1', BASE_TIME_US))).toEqual({ type: 'ignored', timeUs: BASE_TIME_US, reason: 'delete' });
    expect(read(update)).toMatchObject({ type: 'ignored', reason: 'update' });
    expect(read(like)).toMatchObject({ type: 'ignored', reason: 'otherCollection' });
    expect(read(account)).toMatchObject({ type: 'ignored', reason: 'account' });
    expect(read(postFrame(did, 'a3', '  ', BASE_TIME_US))).toMatchObject({ type: 'ignored', reason: 'emptyText' });
  });

  it('skips frames that are not JSON', () => {
    expect(readFrame('{"did":')).toEqual({ type: 'skipped', reason: 'notJson' });
    expect(readFrame('')).toEqual({ type: 'skipped', reason: 'notJson' });
  });

  it('skips frames of an unexpected shape', () => {
    const noRecord = postFrame(did, 'a1', 'x', BASE_TIME_US);
    delete (noRecord.commit as Record<string, unknown>).record;
    const badRkey = postFrame(did, 'a/../b', 'x', BASE_TIME_US);
    for (const frame of [null, 7, [], { kind: 'commit' }, { did: 'bob', time_us: 1, kind: 'commit' }, noRecord, badRkey]) {
      expect(read(frame)).toEqual({ type: 'skipped', reason: 'badShape' });
    }
    expect(read({ ...postFrame(did, 'a1', 'x', BASE_TIME_US), time_us: '123' })).toEqual({ type: 'skipped', reason: 'badShape' });
  });

  it('skips a frame over the size bound without parsing it', () => {
    const big = JSON.stringify(postFrame(did, 'a1', 'x'.repeat(MAX_FRAME_BYTES), BASE_TIME_US));
    expect(readFrame(big)).toEqual({ type: 'skipped', reason: 'oversize' });
    expect(readFrame('{}', MAX_FRAME_BYTES + 1)).toEqual({ type: 'skipped', reason: 'oversize' });
  });
});

describe('subscribeUrl', () => {
  it('asks for posts only, bounded in size, from the live tail', () => {
    const url = new URL(subscribeUrl('wss://jetstream1.us-east.bsky.network/subscribe', null));
    expect(url.searchParams.get('wantedCollections')).toBe('app.bsky.feed.post');
    expect(url.searchParams.get('maxMessageSizeBytes')).toBe(String(MAX_FRAME_BYTES));
    expect(url.searchParams.has('cursor')).toBe(false);
  });

  it('resumes at a cursor in microseconds and keeps the other parameters of a configured URL', () => {
    const url = new URL(subscribeUrl('ws://127.0.0.1:6008/subscribe?wantedDids=did:plc:abc&cursor=1', BASE_TIME_US));
    expect(url.searchParams.get('cursor')).toBe(String(BASE_TIME_US));
    expect(url.searchParams.get('wantedDids')).toBe('did:plc:abc');
  });
});
