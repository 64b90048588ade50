// The typed Socket.IO server and socket that carry the contract in events.ts. Every
// layer that touches a socket (delivery, guards, config) names them from here, so no
// layer has to import another only to borrow a type.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData, StreamStatus } from './events.ts';

/** What one cluster node tells the others through Socket.IO's Redis adapter (never matches). */
export interface ServerSideEvents {
  upstreamStatus: (status: StreamStatus, at: number) => void; // the leader's upstream status, stamped with its clock (ms)
  upstreamNotice: (termKey: string, message: string) => void; // a notice for one term's followers on every node
  presenceChanged: () => void; // a node's terms or viewers changed: read the presence records now
}

export type StreamServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type StreamSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
