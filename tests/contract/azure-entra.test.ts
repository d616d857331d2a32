/**
 * The Azure Tables driver signed in with Microsoft Entra ID, as a managed identity signs in on
 * Azure: every request goes through the SDK's pipeline with a bearer token for Azure Storage.
 *
 * Azurite checks bearer tokens only over HTTPS (`--oauth basic`: audience, issuer and lifetime,
 * not the signature), so it runs here with a certificate made for the test by openssl, and a token
 * credential stands in for Entra ID, issuing tokens of its shape. Without openssl the suite is
 * skipped with a message, except under CI=true, where that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { TableServiceClient } from '@azure/data-tables';
import { openAzureTablesStorage } from '../../bot/storage/azure/azure-storage';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { dumpAzureTables } from '../fixtures/storage-dump';
import { storageContract } from './storage.contract';

const TENANT = 'ab1f708d-50f6-404c-a006-d71b2ac7a606';

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('openssl is needed for the Entra ID tests under CI (apt-get install -y openssl)');
    console.warn('Skipping the Azure Tables Entra ID tests: openssl is not installed.');
    return false;
  }
}

/** Tokens as Entra ID issues them for Azure Storage (unsigned: Azurite's basic mode does not check signatures). */
class StandInCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(private readonly audience = 'https://storage.azure.com') {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...[scopes].flat());
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { aud: this.audience, iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, oid: 'managed-identity', iat: now, nbf: now, exp: now + 3600 };
    return { token: `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${part({ signature: 'none' })}`, expiresOnTimestamp: (now + 3600) * 1000 };
  }
}

const available = opensslAvailable();
let azurite: Azurite;
let certificates: string;
/** The test's own certificate, trusted by the storage opened here only. */
let ca: string;

if (available) {
  beforeAll(async () => {
    certificates = mkdtempSync(join(tmpdir(), 'hallway-tls-'));
    const [certPath, keyPath] = [join(certificates, 'cert.pem'), join(certificates, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    ca = readFileSync(certPath, 'utf8');
    azurite = await startAzurite({ certPath, keyPath });
  }, 60_000);
  afterAll(async () => {
    await azurite?.stop();
    rmSync(certificates, { recursive: true, force: true });
  });

  const accountUrl = () => `https://127.0.0.1:${azurite.port}/devstoreaccount1`;
  const newPrefix = () => `e${randomBytes(6).toString('hex')}`;

  storageContract('Azure Tables, signed in with Microsoft Entra ID', async () => {
    const prefix = newPrefix();
    return {
      open: () => openAzureTablesStorage({ accountUrl: accountUrl(), credential: new StandInCredential(), tablePrefix: prefix, trustedCa: ca }),
      dump: () => dumpAzureTables(azurite.connectionString, prefix, ca),
      destroy: async () => {
        const service = TableServiceClient.fromConnectionString(azurite.connectionString, { tlsOptions: { ca } });
        for await (const table of service.listTables()) if (table.name?.startsWith(prefix)) await service.deleteTable(table.name);
      },
    };
  });

  describe('signing in with Microsoft Entra ID', () => {
    test('the tokens asked for are for Azure Storage', async () => {
      const credential = new StandInCredential();
      const storage = await openAzureTablesStorage({ accountUrl: accountUrl(), credential, tablePrefix: newPrefix(), trustedCa: ca });
      await storage.ping();
      expect(new Set(credential.scopes)).toEqual(new Set(['https://storage.azure.com/.default']));
    });

    test('a token for another audience is refused: the storage does not open', async () => {
      await expect(
        openAzureTablesStorage({
          accountUrl: accountUrl(),
          credential: new StandInCredential('https://vault.azure.net'),
          tablePrefix: newPrefix(),
          trustedCa: ca,
        }),
      ).rejects.toThrow(/could not be created/);
    });
  });
} else {
  test.skip('Azure Tables signed in with Microsoft Entra ID (needs openssl)', () => undefined);
}
