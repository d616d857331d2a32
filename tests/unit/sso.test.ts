import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createSsoVerifier, SsoError, type SsoSettings } from '../../bot/http/sso';

const TENANT = '9b1c2d3e-0000-4000-8000-00000000a11a';
const PERSON = '3d9f1c2b-2222-4c1a-8e77-000000000001';
const TAB_APP = '7d3c1b2a-0000-4000-8000-00000000c11e';
/** The Teams clients, as Entra ID names them in the tokens it issues for a tab. */
const TEAMS_DESKTOP = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
const TEAMS_WEB = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

let sign: (claims: Record<string, unknown>) => Promise<string>;
let keys: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  keys = createLocalJWKSet({ keys: [jwk] });
  sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuedAt().setExpirationTime('1h').sign(privateKey);
});

const settings: SsoSettings = {
  jwksUrl: 'http://127.0.0.1/keys',
  audiences: [TAB_APP, `api://hallway.example/${TAB_APP}`],
  issuers: ['https://login.microsoftonline.com/{tenantid}/v2.0', 'https://sts.windows.net/{tenantid}/'],
};

/** What Teams on the web gets from Entra ID for the tab (v2.0), with claims overridden or removed (undefined). */
function v2(overrides: Record<string, unknown> = {}) {
  return sign({
    aud: TAB_APP,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    tid: TENANT,
    oid: PERSON,
    name: 'Priya',
    ver: '2.0',
    scp: 'access_as_user',
    azp: TEAMS_WEB,
    ...overrides,
  });
}

/** The same as a v1.0 token: another issuer, the api:// audience, and the client in `appid`. */
function v1(overrides: Record<string, unknown> = {}) {
  return sign({
    aud: `api://hallway.example/${TAB_APP}`,
    iss: `https://sts.windows.net/${TENANT}/`,
    tid: TENANT,
    oid: PERSON,
    ver: '1.0',
    scp: 'access_as_user',
    appid: TEAMS_DESKTOP,
    ...overrides,
  });
}

async function reasonRefused(verify: ReturnType<typeof createSsoVerifier>, token: string): Promise<string> {
  const error = await verify(`Bearer ${token}`).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SsoError)) throw new Error('the token was accepted');
  return error.reason;
}

describe('signing in to the tab', () => {
  const verify = () => createSsoVerifier(settings, keys);

  test('a token Teams got for the tab is accepted, from the web (v2.0) and from desktop (v1.0)', async () => {
    await expect(verify()(`Bearer ${await v2()}`)).resolves.toEqual({ tenantId: TENANT, objectId: PERSON, name: 'Priya' });
    await expect(verify()(`Bearer ${await v1()}`)).resolves.toMatchObject({ tenantId: TENANT, objectId: PERSON });
  });

  test('the access_as_user scope may come among others', async () => {
    await expect(verify()(`Bearer ${await v2({ scp: 'User.Read access_as_user openid' })}`)).resolves.toMatchObject({ objectId: PERSON });
  });

  test('a token without the access_as_user scope is refused', async () => {
    expect(await reasonRefused(verify(), await v2({ scp: undefined }))).toBe('scope');
    expect(await reasonRefused(verify(), await v2({ scp: 'User.Read' }))).toBe('scope');
    expect(await reasonRefused(verify(), await v2({ scp: 'access_as_user_admin' }))).toBe('scope');
    // An app-only token: roles, no scope.
    expect(await reasonRefused(verify(), await v2({ scp: undefined, roles: ['access_as_user'] }))).toBe('scope');
  });

  test('a token issued to an app other than Teams is refused', async () => {
    expect(await reasonRefused(verify(), await v2({ azp: 'a0a0a0a0-0000-4000-8000-000000000bad' }))).toBe('client');
    expect(await reasonRefused(verify(), await v2({ azp: undefined }))).toBe('client');
    expect(await reasonRefused(verify(), await v1({ appid: 'a0a0a0a0-0000-4000-8000-000000000bad' }))).toBe('client');
  });

  test("the client is read where the token's version puts it, not from whichever claim says Teams", async () => {
    expect(await reasonRefused(verify(), await v1({ appid: 'a0a0a0a0-0000-4000-8000-000000000bad', azp: TEAMS_WEB }))).toBe('client');
    expect(await reasonRefused(verify(), await v2({ azp: 'a0a0a0a0-0000-4000-8000-000000000bad', appid: TEAMS_WEB }))).toBe('client');
  });

  test('configured client ids are accepted instead of the Teams ones', async () => {
    const ours = 'c0c0c0c0-0000-4000-8000-00000000c0de';
    const configured = createSsoVerifier({ ...settings, allowedClientIds: [ours] }, keys);
    await expect(configured(`Bearer ${await v2({ azp: ours })}`)).resolves.toMatchObject({ objectId: PERSON });
    expect(await reasonRefused(configured, await v2({ azp: TEAMS_WEB }))).toBe('client');
  });
});
