import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** Who is calling the tab API, from the verified Teams SSO token only. */
export type Caller = { tenantId: string; objectId: string; name?: string };

export type SsoSettings = {
  /** Where the signing keys are published (Entra ID: the common v2.0 keys). */
  jwksUrl: string;
  /** Accepted audiences: the tab's Entra app id and its api:// URI. */
  audiences: string[];
  /** Accepted issuers; `{tenantid}` stands for the token's own tenant. */
  issuers: string[];
  /** Apps a token may have been issued to (`azp`, or `appid` in v1 tokens); the Teams clients by default. */
  allowedClientIds?: string[];
};

/** The Teams clients that ask Entra ID for the tab's token (the app registration authorises them). */
export const TEAMS_CLIENTS = { desktopAndMobile: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', web: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346' };
export const TEAMS_CLIENT_IDS = Object.values(TEAMS_CLIENTS);
/** The scope the tab's app registration exposes; a token for anything else of the app is not a tab sign-in. */
export const TAB_SCOPE = 'access_as_user';

export class SsoError extends Error {
  constructor(readonly reason: 'missing' | 'invalid' | 'issuer' | 'claims' | 'scope' | 'client') {
    super(`token ${reason}`);
    this.name = 'SsoError';
  }
}

/**
 * Verifies a Teams SSO token (authentication.getAuthToken): signature against the published keys,
 * audience, expiry, an issuer of the token's own tenant, the `access_as_user` scope, and a Teams
 * client as the app it was issued to. Identity is tid + oid, nothing else.
 */
export function createSsoVerifier(settings: SsoSettings, keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl))) {
  const clients = settings.allowedClientIds?.length ? settings.allowedClientIds : TEAMS_CLIENT_IDS;
  return async function verify(authorization: string | undefined): Promise<Caller> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new SsoError('missing');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, { audience: settings.audiences, clockTolerance: 60, algorithms: ['RS256'] }));
    } catch {
      throw new SsoError('invalid');
    }
    const tenantId = payload.tid;
    const objectId = payload.oid;
    if (typeof tenantId !== 'string' || typeof objectId !== 'string' || !tenantId || !objectId) throw new SsoError('claims');
    const accepted = settings.issuers.map((issuer) => issuer.replace('{tenantid}', tenantId));
    if (typeof payload.iss !== 'string' || !accepted.includes(payload.iss)) throw new SsoError('issuer');
    // Only a person's token for the tab's scope: an app-only token (roles, no scp) or one for another
    // scope of the app is not someone signing in to the tab.
    if (typeof payload.scp !== 'string' || !payload.scp.split(' ').includes(TAB_SCOPE)) throw new SsoError('scope');
    // And only as asked for by Teams: another app holding a token for this API cannot speak for the person here.
    const client = payload.ver === '1.0' ? payload.appid : payload.azp;
    if (typeof client !== 'string' || !clients.includes(client)) throw new SsoError('client');
    return { tenantId, objectId, name: typeof payload.name === 'string' ? payload.name : undefined };
  };
}

export type SsoVerifier = ReturnType<typeof createSsoVerifier>;
