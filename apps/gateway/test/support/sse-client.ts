import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

export interface SseStream {
  status: Promise<number>;
  messages: SseMessage[];
  comments: string[];
  body: () => string;
  close: () => void;
}

/**
 * The live feed's clients of one spec: `listen` puts the gateway on a free local port, `open` opens a
 * stream there, `closeAll` (in afterAll) closes every stream the spec opened.
 */
export function sseClients() {
  let port = 0;
  const streams: SseStream[] = [];
  return {
    async listen(app: { listen(port: number, host: string): Promise<unknown>; getHttpServer(): { address(): unknown } }): Promise<void> {
      await app.listen(0, '127.0.0.1');
      port = (app.getHttpServer().address() as AddressInfo).port;
    },
    open(path: string, headers: Record<string, string> = {}): SseStream {
      const s = openSse(port, path, headers);
      streams.push(s);
      return s;
    },
    closeAll(): void {
      for (const s of streams.splice(0)) s.close();
    },
  };
}

/** A minimal EventSource for tests: parses frames as they arrive, keeps them in order. */
export function openSse(port: number, path: string, headers: Record<string, string> = {}): SseStream {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  let raw = '';
  let buffer = '';
  let resolveStatus!: (n: number) => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const req = http.get({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
    resolveStatus(res.statusCode ?? 0);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      raw += chunk;
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const msg: SseMessage = { event: 'message', data: '' };
        let hasData = false;
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('id: ')) msg.id = line.slice(4);
          else if (line.startsWith('event: ')) msg.event = line.slice(7);
          else if (line.startsWith('data: ')) {
            msg.data += (hasData ? '\n' : '') + line.slice(6);
            hasData = true;
          }
        }
        if (hasData) messages.push(msg);
      }
    });
  });
  req.on('error', () => resolveStatus(0));
  return { status, messages, comments, body: () => raw, close: () => req.destroy() };
}
