import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCosmosEndpoint, parseConnectionString, SharedKeySender } from '../../bot/storage/azure/table-http';

const KEY = Buffer.from('a test key, not anyone account key').toString('base64');

describe('storage connection strings', () => {
  it('an account key connection string names the account, its key and the table endpoint', () => {
    const settings = parseConnectionString(`DefaultEndpointsProtocol=https;AccountName=hallwaydata;AccountKey=${KEY};EndpointSuffix=core.windows.net`)!;
    expect(settings.endpoint.href).toBe('https://hallwaydata.table.core.windows.net/');
    expect(settings.account).toBe('hallwaydata');
    expect(settings.key!.toString('base64')).toBe(KEY);
    expect(settings.sas).toBeUndefined();
  });

  it("an explicit TableEndpoint wins, with its path (Azurite's account in the path)", () => {
    const settings = parseConnectionString(
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;`,
    )!;
    expect(settings.endpoint.href).toBe('http://127.0.0.1:10002/devstoreaccount1');
    expect(settings.endpoint.pathname).toBe('/devstoreaccount1');
  });

  it('a SAS connection string has no key, so its requests go through the SDK pipeline', () => {
    const settings = parseConnectionString('TableEndpoint=https://hallwaydata.table.core.windows.net/;SharedAccessSignature=?sv=2019-02-02&sig=abc%3D')!;
    expect(settings.key).toBeUndefined();
    expect(settings.sas).toBe('sv=2019-02-02&sig=abc%3D');
  });

  it('development storage is the emulator on its usual port', () => {
    const settings = parseConnectionString('UseDevelopmentStorage=true')!;
    expect(settings.endpoint.href).toBe('http://127.0.0.1:10002/devstoreaccount1');
    expect(settings.account).toBe('devstoreaccount1');
  });

  it('a connection string naming no endpoint gives nothing', () => {
    expect(parseConnectionString('AccountKey=abc')).toBeUndefined();
  });

  it('Cosmos DB for Table endpoints are told apart from Azure Storage', () => {
    expect(isCosmosEndpoint(new URL('https://hallway.table.cosmos.azure.com:443/'))).toBe(true);
    expect(isCosmosEndpoint(new URL('https://hallwaydata.table.core.windows.net'))).toBe(false);
  });
});

describe('requests signed with the account key', () => {
  let server: Server;
  let port: number;
  let answers: { status: number; headers?: Record<string, string> }[];
  let seen: IncomingMessage[];

  beforeEach(async () => {
    answers = [];
    seen = [];
    server = createServer((req, res) => {
      seen.push(req);
      const answer = answers.shift() ?? { status: 204 };
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, answer.headers);
        res.end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const sender = () => new SharedKeySender(new URL(`http://127.0.0.1:${port}/acct`), 'acct', Buffer.from(KEY, 'base64'));

  it('are signed with Shared Key Lite over the date and the account-qualified path, with the protocol headers', async () => {
    await sender().send({ method: 'GET', path: "/People(PartitionKey='a',RowKey='b')", headers: { accept: 'application/json' } });
    const req = seen[0]!;
    expect(req.url).toBe("/acct/People(PartitionKey='a',RowKey='b')");
    expect(req.headers.authorization).toMatch(/^SharedKeyLite acct:[A-Za-z0-9+/]+=*$/);
    expect(req.headers['x-ms-version']).toBe('2019-02-02');
    expect(req.headers.dataserviceversion).toBe('3.0');
    expect(new Date(req.headers['x-ms-date'] as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a throttled or unavailable service is asked again, as long as it says (Retry-After), and the answer that follows is returned', async () => {
    answers = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } }, { status: 204 }];
    const response = await sender().send({ method: 'POST', path: '/People', body: '{}' });
    expect(response.status).toBe(204);
    expect(seen).toHaveLength(3);
  });

  it('a service that stays unavailable is asked four times in all, then its answer is returned to the caller', async () => {
    answers = Array.from({ length: 10 }, () => ({ status: 503, headers: { 'retry-after': '0' } }));
    const response = await sender().send({ method: 'GET', path: '/People()' });
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(4);
  });

  it('a refusal (400, 403, 404, 409, 412) is returned at once, never repeated', async () => {
    for (const status of [400, 403, 404, 409, 412]) {
      answers = [{ status }];
      seen = [];
      const response = await sender().send({ method: 'POST', path: '/People', body: '{}' });
      expect(response.status).toBe(status);
      expect(seen).toHaveLength(1);
    }
  });
});
