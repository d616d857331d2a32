/**
 * `npm run playground` for real: tools/playground.ts starts Hallway in local mode and Microsoft 365
 * Agents Playground; this test then talks to the playground over HTTP exactly as its web client
 * does (messages and custom activities in, Hallway's replies out through the playground's
 * conversation WebSocket), so what passes here is what a developer sees in the browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';

const root = resolve(__dirname, '../..');
const STARTUP_MS = 120_000;
const REPLY_MS = 30_000;

/** What the playground pushes to its web client for every message the bot posts or updates. */
type ConversationAction = {
  action: 'createMessage' | 'updateMessage' | 'typing';
  actionConversationId: string;
  message?: {
    messageId: string;
    from: { id: string };
    text?: string;
    attachments: { contentType: string; content: unknown }[];
  };
};

type PlaygroundConfig = {
  config: {
    tenantId: string;
    bot: { id: string; name: string };
    currentUser: { id: string; aadObjectId: string };
    personalChat: { id: string };
    groupChats: { id: string; name: string }[];
  };
};

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, context = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The smallest WebSocket client that reads the playground's conversation stream (Node 20 has no
 * WebSocket without a flag): RFC 6455 handshake, unmasked text frames from the server, a masked
 * close frame from us. No extensions are offered, so frames are never compressed.
 */
function openStream(url: string): Promise<{ messages: ConversationAction[]; close(): void }> {
  return new Promise((done, reject) => {
    const key = randomBytes(16).toString('base64');
    const req = request(url.replace(/^ws:/, 'http:'), {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' },
    });
    req.once('response', (res) => reject(new Error(`WebSocket upgrade refused: HTTP ${res.statusCode}`)));
    req.once('error', reject);
    req.once('upgrade', (res, socket: Duplex, head: Buffer) => {
      const expected = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      if (res.headers['sec-websocket-accept'] !== expected) return reject(new Error('bad Sec-WebSocket-Accept'));
      const messages: ConversationAction[] = [];
      let buffer: Buffer = head;
      let fragments: Buffer[] = [];
      const send = (opcode: number, payload: Buffer = Buffer.alloc(0)) => {
        const mask = randomBytes(4);
        const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
        socket.write(Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]));
      };
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          if (buffer.length < 2) return;
          const fin = (buffer[0]! & 0x80) !== 0;
          const opcode = buffer[0]! & 0x0f;
          let length = buffer[1]! & 0x7f;
          let offset = 2;
          if (length === 126) {
            if (buffer.length < 4) return;
            length = buffer.readUInt16BE(2);
            offset = 4;
          } else if (length === 127) {
            if (buffer.length < 10) return;
            length = Number(buffer.readBigUInt64BE(2));
            offset = 10;
          }
          if (buffer.length < offset + length) return;
          const payload = buffer.subarray(offset, offset + length);
          buffer = buffer.subarray(offset + length);
          if (opcode === 0x9)
            send(0xa, payload); // ping -> pong
          else if (opcode === 0x8) socket.end();
          else if (opcode === 0x1 || opcode === 0x0) {
            fragments.push(payload);
            if (fin) {
              messages.push(JSON.parse(Buffer.concat(fragments).toString('utf8')) as ConversationAction);
              fragments = [];
            }
          }
        }
      });
      socket.on('error', () => undefined);
      done({
        messages,
        close: () => {
          send(0x8);
          socket.end();
          setTimeout(() => socket.destroy(), 500).unref();
        },
      });
    });
    req.end();
  });
}

/** Every Adaptive Card element (and action) in a card, depth first. */
function elements(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  return [record, ...Object.values(record).flatMap(elements)];
}

describe('npm run playground (tools/playground.ts)', () => {
  let dir: string;
  let tool: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let hallwayPort: number;
  let playgroundPort: number;
  let base: string;
  let stream: Awaited<ReturnType<typeof openStream>> | undefined;
  let config: PlaygroundConfig['config'];
  const log = () => `--- tool output ---\n${output.slice(-6000)}`;

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  /** The first card the bot posted in a conversation that satisfies `test`, seen by the web client. */
  const botCard = (conversationId: string, test: (cardJson: string, card: unknown) => boolean) =>
    until(
      `Hallway's card in ${conversationId}`,
      () => {
        for (const event of stream!.messages) {
          if (event.action !== 'createMessage' || event.actionConversationId !== conversationId) continue;
          if (event.message?.from.id !== config.bot.id) continue;
          for (const attachment of event.message.attachments) {
            if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
            if (test(JSON.stringify(attachment.content), attachment.content)) return attachment.content;
          }
        }
        return undefined;
      },
      REPLY_MS,
      () => `--- conversation stream ---\n${JSON.stringify(stream!.messages).slice(-4000)}\n${log()}`,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hallway-playground-'));
    hallwayPort = await freePort();
    playgroundPort = await freePort();
    tool = spawn(process.execPath, ['--import', 'tsx', 'tools/playground.ts'], {
      cwd: root,
      // Its own process group, so that afterAll can end the tool and both of its children together.
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(hallwayPort),
        PLAYGROUND_PORT: String(playgroundPort),
        SQLITE_PATH: join(dir, 'hallway.db'),
        PLAYGROUND_DIR: dir,
        LOG_LEVEL: 'info',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tool.stdout!.on('data', (d) => (output += d));
    tool.stderr!.on('data', (d) => (output += d));
    exited = new Promise((done) => tool.once('exit', (code) => done(code)));

    const url = await until(
      'the "Open <url> in your browser" line',
      () => {
        if (tool.exitCode !== null) throw new Error(`tools/playground.ts exited with ${tool.exitCode}\n${log()}`);
        return /Open (http:\/\/localhost:\d+) in your browser/.exec(output)?.[1];
      },
      STARTUP_MS,
      log,
    );
    base = url;
    expect(url).toBe(`http://localhost:${playgroundPort}`);

    // What the web client does on load: connect to the conversation stream, then read the config
    // (GET /_internal/v1/config also waits until the playground reaches Hallway's endpoint).
    stream = await openStream(`ws://127.0.0.1:${playgroundPort}/_ws_conversation/v1/conversations/stream`);
    const res = await fetch(`${base}/_internal/v1/config`);
    expect(res.status).toBe(200);
    config = ((await res.json()) as PlaygroundConfig).config;
  }, STARTUP_MS + 30_000);

  afterAll(async () => {
    stream?.close();
    if (tool?.pid && tool.exitCode === null && tool.signalCode === null) {
      tool.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 25_000))]);
    }
    // Whatever is left of the group (the tool, Hallway, the playground) goes now.
    try {
      if (tool?.pid) process.kill(-tool.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }, 40_000);

  test('Hallway runs in local mode on the given port and the playground points at it', async () => {
    expect(output).toContain('LOCAL MODE');
    expect((await fetch(`http://127.0.0.1:${hallwayPort}/readyz`)).status).toBe(200);
    expect(config.bot.name).toBe('Hallway');
    expect(config.groupChats[0]?.id).toMatch(/^19:meeting_/);
  });

  test(
    'opening the 1:1 chat installs Hallway, which posts its welcome card',
    async () => {
      // What the web client sends the first time a conversation is shown.
      const sent = await post(`/_debug/conversation/${encodeURIComponent(config.personalChat.id)}/installation`, {});
      expect(sent.status).toBe(200);
      await botCard(config.personalChat.id, (json) => json.includes('Hallway'));
    },
    REPLY_MS + 5_000,
  );

  test(
    '"help" typed in the 1:1 chat comes back as the help card',
    async () => {
      const sent = await post(`/_conversation/v1/conversations/${encodeURIComponent(config.personalChat.id)}/messages`, {
        from: { id: config.currentUser.id },
        text: 'help',
        textFormat: 'plain',
      });
      expect(sent.status).toBe(200);
      expect(JSON.parse(sent.text)).toEqual(expect.objectContaining({ messageId: expect.any(String) }));

      const card = await botCard(config.personalChat.id, (json) => json.includes("Here's what I can do"));
      expect(card).toEqual(expect.objectContaining({ type: 'AdaptiveCard' }));
    },
    REPLY_MS + 5_000,
  );

  test(
    'a meeting start sent as a custom activity posts the check-in card in the meeting chat',
    async () => {
      const meetingChat = config.groupChats[0]!.id;
      const meetingId = `MCMxOTptZWV0aW5nX3BsYXlncm91bmQ${Date.now()}`;
      const sent = await post('/_internal/v1/customActivities', {
        type: 'event',
        name: 'application/vnd.microsoft.meetingStart',
        channelId: 'msteams',
        serviceUrl: `http://localhost:${playgroundPort}/_connector`,
        timestamp: new Date().toISOString(),
        from: { id: config.currentUser.id, aadObjectId: config.currentUser.aadObjectId },
        recipient: { id: config.bot.id, name: config.bot.name },
        conversation: { id: meetingChat, isGroup: true, conversationType: 'groupChat', tenantId: config.tenantId },
        channelData: { tenant: { id: config.tenantId }, meeting: { id: meetingId } },
        value: {
          Id: meetingId,
          MeetingType: 'Scheduled',
          JoinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_hallway-playground%40thread.v2/0',
          Title: 'Weekly team sync',
          StartTime: new Date().toISOString(),
        },
      });
      expect(sent.status).toBe(200);

      const card = await botCard(meetingChat, (json) => json.includes('Check-in'));
      expect(JSON.stringify(card)).toContain('Weekly team sync');
      expect(elements(card)).toContainEqual(expect.objectContaining({ type: 'Input.ChoiceSet', id: 'mood' }));
    },
    REPLY_MS + 5_000,
  );

  test(
    'in the group chat a message reaches Hallway when it @mentions it, as in Teams',
    async () => {
      const meetingChat = config.groupChats[0]!.id;
      const mention = `<at>${config.bot.name}</at>`;
      const sent = await post(`/_conversation/v1/conversations/${encodeURIComponent(meetingChat)}/messages`, {
        from: { id: config.currentUser.id },
        text: `${mention} help`,
        textFormat: 'plain',
        mentions: [{ mentioned: { id: config.bot.id }, text: mention }],
      });
      expect(sent.status).toBe(200);
      await botCard(meetingChat, (json) => json.includes("Here's what I can do"));
    },
    REPLY_MS + 5_000,
  );

  test('SIGTERM stops the tool, Hallway (cleanly) and the playground', async () => {
    tool.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${hallwayPort}/healthz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${playgroundPort}/_debug/ping`)).rejects.toThrow();
  }, 30_000);
});
