// The typed Socket.IO server and socket that carry the contract in events.ts. Every
// layer that touches a socket (delivery, guards, config) names them from here, so no
// layer has to import another only to borrow a type.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './events.ts';

export type StreamServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type StreamSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
