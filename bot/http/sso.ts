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
};

export class SsoError extends Error {
  constructor(readonly reason: 'missing' | 'invalid' | 'issuer' | 'claims') {
    super(`token ${reason}`);
    this.name = 'SsoError';
  }
}

/**
 * Verifies a Teams SSO token (authentication.getAuthToken): signature against the published keys,
 * audience, expiry, and an issuer of the token's own tenant. Identity is tid + oid, nothing else.
 */
export function createSsoVerifier(settings: SsoSettings, keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl))) {
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
    return { tenantId, objectId, name: typeof payload.name === 'string' ? payload.name : undefined };
  };
}

export type SsoVerifier = ReturnType<typeof createSsoVerifier>;
