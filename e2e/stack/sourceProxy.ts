import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback forwarding proxy (HTTP and WebSocket upgrades) in front of the hub, for the chat
 * privacy tests (invariant I1). Toward the hub it connects from a source address the test
 * chooses (any 127/8 address works on Linux loopback) and may add the headers a reverse proxy
 * adds (`X-Forwarded-For`, `Forwarded`, `X-Real-IP`), so a test plants the two addresses a
 * visitor's request can carry. It also records everything the hub sent back through it: each
 * HTTP answer (head and body) and the payload of every WebSocket frame, decoded — put in front of
 * a workstation, that is every frame the workstation received from the hub.
 *
 * Requests go without `Accept-Encoding` and `Sec-WebSocket-Extensions`, so nothing comes back
 * compressed and the recording is the plain text the client read.
 */
export interface SourceProxyOptions {
  /** The hub's address, e.g. http://127.0.0.1:7480. */
  target: string;
  /** The source address of the proxy's connections to the hub; default: the system's choice. */
  localAddress?: string;
  /** Sent as X-Forwarded-For, Forwarded (for=…) and X-Real-IP on every request; none: no such header. */
  forwardedFor?: string;
}

export interface SourceProxy {
  /** http://127.0.0.1:<port>: the hub's address as the client sees it. */
  url: string;
  /** WebSocket frames the hub sent (text payloads; close frames as `close <code> <reason>`). */
  readonly framesFromHub: string[];
  /** WebSocket frames the client sent to the hub (unmasked). */
  readonly framesToHub: string[];
  /** Everything the hub sent back: HTTP answers and the decoded WebSocket payloads. */
  fromHub(): string;
  /** The local address of each connection made to the hub (proves the chosen source was used). */
  readonly sourcesUsed: string[];
  /** Requests and upgrades passed on, by path (e.g. `GET /chat`, `UPGRADE /chat/socket`). */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startSourceProxy(options: SourceProxyOptions): Promise<SourceProxy> {
  const hub = new URL(options.target);
  const sockets = new Set<Socket>();
  const httpAnswers: string[] = [];
  const framesFromHub: string[] = [];
  const framesToHub: string[] = [];
  const sourcesUsed: string[] = [];
  const requests: string[] = [];

  const upstreamHeaders = (request: http.IncomingMessage): http.OutgoingHttpHeaders => {
    const headers: http.OutgoingHttpHeaders = { ...request.headers, host: hub.host };
    delete headers['accept-encoding'];
    delete headers['sec-websocket-extensions'];
    if (options.forwardedFor) {
      headers['x-forwarded-for'] = options.forwardedFor;
      headers.forwarded = `for=${options.forwardedFor};proto=http`;
      headers['x-real-ip'] = options.forwardedFor;
    }
    return headers;
  };
  const upstreamRequest = (request: http.IncomingMessage): http.ClientRequest => {
    const upstream = http.request({
      host: hub.hostname,
      port: hub.port,
      method: request.method,
      path: request.url,
      headers: upstreamHeaders(request),
      agent: false,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    upstream.on('socket', (socket: Socket) => socket.on('connect', () => sourcesUsed.push(socket.localAddress ?? '')));
    return upstream;
  };

  const server = http.createServer((request, response) => {
    requests.push(`${request.method ?? 'GET'} ${request.url ?? '/'}`);
    const upstream = upstreamRequest(request);
    upstream.on('response', (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers: http.OutgoingHttpHeaders = { ...answer.headers, 'content-length': body.length };
        for (const name of ['connection', 'keep-alive', 'transfer-encoding']) delete headers[name];
        httpAnswers.push(`${answer.statusCode ?? 0} ${JSON.stringify(answer.headers)}\n${body.toString('utf8')}`);
        response.writeHead(answer.statusCode ?? 502, headers);
        response.end(body);
      });
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });

  server.on('upgrade', (request: http.IncomingMessage, client: Socket, head: Buffer) => {
    requests.push(`UPGRADE ${request.url ?? '/'}`);
    const upstream = upstreamRequest(request);
    upstream.on('upgrade', (answer, hubSocket: Socket, hubHead: Buffer) => {
      const lines = [`HTTP/1.1 ${answer.statusCode ?? 101} ${answer.statusMessage ?? 'Switching Protocols'}`];
      for (let index = 0; index < answer.rawHeaders.length; index += 2) lines.push(`${answer.rawHeaders[index]}: ${answer.rawHeaders[index + 1]}`);
      const headText = `${lines.join('\r\n')}\r\n\r\n`;
      httpAnswers.push(headText);
      client.write(headText);
      const fromHub = frameReader((frame) => framesFromHub.push(frame));
      const toHub = frameReader((frame) => framesToHub.push(frame));
      if (hubHead.length > 0) {
        fromHub(hubHead);
        client.write(hubHead);
      }
      if (head.length > 0) {
        toHub(head);
        hubSocket.write(head);
      }
      hubSocket.on('data', (chunk: Buffer) => {
        fromHub(chunk);
        client.write(chunk);
      });
      client.on('data', (chunk: Buffer) => {
        toHub(chunk);
        hubSocket.write(chunk);
      });
      hubSocket.on('end', () => client.end());
      client.on('end', () => hubSocket.end());
      hubSocket.on('error', () => client.destroy());
      client.on('error', () => hubSocket.destroy());
      hubSocket.on('close', () => client.destroy());
      client.on('close', () => hubSocket.destroy());
      sockets.add(hubSocket);
      hubSocket.on('close', () => sockets.delete(hubSocket));
    });
    // The hub refused the upgrade (e.g. 401, 429): its answer goes back as it came.
    upstream.on('response', (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        httpAnswers.push(`${answer.statusCode ?? 0} ${JSON.stringify(answer.headers)}\n${body.toString('utf8')}`);
        client.end(`HTTP/1.1 ${answer.statusCode ?? 502} ${answer.statusMessage ?? ''}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString('latin1')}`, 'latin1');
      });
    });
    upstream.on('error', () => client.destroy());
    upstream.end();
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    framesFromHub,
    framesToHub,
    sourcesUsed,
    requests,
    fromHub: () => [...httpAnswers, ...framesFromHub].join('\n'),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Decodes a stream of WebSocket frames (RFC 6455 §5.2), either direction: each complete
 * message's payload goes to `onMessage` (text as UTF-8, binary as latin1, close as
 * `close <code> <reason>`); pings and pongs are skipped.
 */
export function frameReader(onMessage: (payload: string) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  let fragments: Buffer[] = [];
  let fragmentOpcode = 0;
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const first = buffered[0] ?? 0;
      const second = buffered[1] ?? 0;
      const fin = (first & 0x80) !== 0;
      const opcode = first & 0x0f;
      const masked = (second & 0x80) !== 0;
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + length));
      if (masked) for (let index = 0; index < payload.length; index++) payload[index] = (payload[index] ?? 0) ^ (buffered[maskOffset + (index % 4)] ?? 0);
      buffered = buffered.subarray(offset + length);
      if (opcode === 0x8) {
        onMessage(`close ${payload.length >= 2 ? payload.readUInt16BE(0) : ''} ${payload.subarray(2).toString('utf8')}`);
        continue;
      }
      if (opcode === 0x9 || opcode === 0xa) continue;
      if (opcode !== 0x0) {
        fragmentOpcode = opcode;
        fragments = [];
      }
      fragments.push(payload);
      if (!fin) continue;
      const message = Buffer.concat(fragments);
      fragments = [];
      onMessage(fragmentOpcode === 0x1 ? message.toString('utf8') : message.toString('latin1'));
    }
  };
}
