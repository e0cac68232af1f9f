/**
 * A bare HTTP/1.1 client over a TCP socket: the fuzzer writes the request's bytes itself (invalid UTF-8, broken
 * percent-escapes, odd methods and headers that `node:http`'s client would refuse to send), and reads the answer.
 */
import { connect } from 'node:net';

/** What came back: the status (0 when the connection closed without an answer), the head and the decoded body. */
export interface RawResponse {
  readonly status: number;
  readonly head: string;
  readonly body: Buffer;
}

/** A request as bytes: the request line's parts and the headers, written as given (latin1), then the body. */
export interface RawRequest {
  readonly method: string;
  /** The request target, as bytes on the wire. */
  readonly target: Buffer;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** Send the body chunked (`Transfer-Encoding: chunked`) in pieces of about this size instead of with a length. */
  readonly chunkSize?: number;
}

/** Return the request's bytes, with `Host`, `Connection: close` and the body's framing added. */
export function encodeRequest(request: RawRequest, host: string): Buffer {
  const lines = [`${request.method} `, request.target, ` HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`];
  const head = Buffer.concat(lines.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)));
  const headers = request.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const chunked = request.chunkSize !== undefined;
  const framing = chunked ? 'Transfer-Encoding: chunked\r\n' : bodyLength(request);
  const body = chunked ? encodeChunked(request.body, request.chunkSize ?? 1) : request.body;
  return Buffer.concat([head, Buffer.from(`${headers}${framing}\r\n`, 'latin1'), body]);
}

/** Send the request to `port` on 127.0.0.1 and resolve with the answer once the server closes the connection. */
export function sendRaw(port: number, request: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const bytes = encodeRequest(request, `127.0.0.1:${port}`);
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer and close before it has read a large body: what it sent is the answer.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
    // No half-close: Node's server aborts a request whose client has ended its side (httpAllowHalfOpen false).
    // `Connection: close` has the server close the connection once it has answered.
    socket.write(bytes);
  });
}

function bodyLength(request: RawRequest): string {
  const bodyless = request.body.length === 0 && ['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(request.method);
  return bodyless ? '' : `Content-Length: ${request.body.length}\r\n`;
}

function encodeChunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const piece = body.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`, 'latin1'), piece, Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

/** Split the answer into status, head and body (de-chunked when it was sent chunked), past any `100 Continue`. */
export function parseResponse(raw: Buffer): RawResponse {
  const interim = raw.indexOf('\r\n\r\n');
  if (interim >= 0 && /^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 13).toString('latin1'))) {
    return parseResponse(raw.subarray(interim + 4));
  }
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, head: raw.toString('latin1'), body: Buffer.alloc(0) };
  const head = raw.subarray(0, end).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const rest = raw.subarray(end + 4);
  const body = /^transfer-encoding:\s*chunked\s*$/im.test(head) ? decodeChunked(rest) : rest;
  return { status, head, body };
}

function decodeChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
