// Closing a connection that misbehaves, shared by the guards that close one (flood.ts,
// slow-consumer.ts). `close(true)` discards what is queued and frees the session now; on
// WebSocket it starts ws's closing handshake, which waits up to 30 s for a peer that is
// not reading while its frames keep being parsed, so the raw socket is terminated too.

/** The part of an Engine.IO connection a guard closes. */
export interface Closable {
  close(discard?: boolean): unknown;
  transport?: unknown;
}

export function hangUp(conn: Closable): void {
  const transport = conn.transport as { name?: string; socket?: { terminate?: () => void } } | undefined;
  conn.close(true);
  if (transport?.name === 'websocket') transport.socket?.terminate?.();
}
