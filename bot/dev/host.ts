import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, SignJWT, type JWK } from 'jose';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { createSsoVerifier, TAB_SCOPE, TEAMS_CLIENTS, type SsoVerifier } from '../http/sso';
import type { Logger } from '../log';
import type { Installations } from '../domain/installations';
import { registerDevConnector } from './connector';
import { conversationOf, DEV_PEOPLE, DEV_PLACES, devPerson, type DevPlace } from './directory';

/** The audience of the tokens /dev issues; Teams tokens never carry it. */
export const DEV_AUDIENCE = 'api://localhost/hallway-dev';
const BOT = { id: '28:hallway-dev', name: 'Hallway' };

export type DevHost = {
  /** Verifies the tokens this host issues, exactly as Teams SSO tokens are verified. */
  verify: SsoVerifier;
  register(server: Server): void;
};

const tokenBody = z.object({ aadObjectId: z.string().uuid() });

/**
 * Local use without Teams (local mode only): a host page at /dev that embeds the tab like Teams does,
 * tokens from a key made at start-up, and a stand-in for the Bot Connector so the bot and the tab
 * work end to end on one machine.
 */
export function createDevHost(deps: { installations: Installations; log: Logger }): DevHost {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk: JWK = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'hallway-dev', alg: 'RS256', use: 'sig' };
  const verify = createSsoVerifier(
    { jwksUrl: 'http://127.0.0.1/dev/keys', audiences: [DEV_AUDIENCE], issuers: ['https://login.microsoftonline.com/{tenantid}/v2.0'] },
    createLocalJWKSet({ keys: [jwk] }),
  );
  let installing: Promise<void> | undefined;

  /** Adds Hallway to every made-up team and meeting chat, through /api/messages like Teams would. */
  async function install(port: number): Promise<void> {
    for (const place of DEV_PLACES) {
      if (await deps.installations.get(conversationOf(place))) continue;
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(installActivity(place, port)),
      });
      if (!response.ok) throw new Error(`installing in ${place.name} failed with HTTP ${response.status}`);
    }
  }

  return {
    verify,
    register(server) {
      const connector = registerDevConnector(server);

      server.get('/dev/directory', async (req: Request, res: Response) => {
        try {
          installing ??= install(req.socket.localPort!).finally(() => (installing = undefined));
          await installing;
        } catch (error) {
          deps.log.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'dev: installing Hallway in the sample teams failed');
          res.send(503, { error: { code: 'Unavailable', message: 'Could not add Hallway to the sample teams; see the server log.' } });
          return;
        }
        res.send(200, {
          people: DEV_PEOPLE.map(({ name, aadObjectId, upn, tenantId }) => ({ name, aadObjectId, upn, tenantId })),
          places: DEV_PLACES.map((p) => ({ ...p, members: p.members })),
        });
      });

      server.post('/dev/token', async (req: Request, res: Response) => {
        const body = tokenBody.safeParse(req.body);
        const who = body.success ? devPerson(body.data.aadObjectId) : undefined;
        if (!who) {
          res.send(400, { error: { code: 'BadRequest', message: 'aadObjectId: pick one of the people of /dev/directory.' } });
          return;
        }
        // The claims of a sign-in token of Teams on the web, so /dev tokens pass exactly the checks Teams ones do.
        const claims = {
          tid: who.tenantId,
          oid: who.aadObjectId,
          name: who.name,
          preferred_username: who.upn,
          ver: '2.0',
          scp: TAB_SCOPE,
          azp: TEAMS_CLIENTS.web,
        };
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'hallway-dev' })
          .setIssuer(`https://login.microsoftonline.com/${who.tenantId}/v2.0`)
          .setAudience(DEV_AUDIENCE)
          .setSubject(who.aadObjectId)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(privateKey);
        res.header('cache-control', 'no-store');
        res.send(200, { token });
      });

      server.get('/dev/messages', async (_req: Request, res: Response) => {
        res.header('cache-control', 'no-store');
        res.send(200, connector.messages.slice(-50));
      });
    },
  };
}

function installActivity(place: DevPlace, port: number) {
  const installer = devPerson(place.installedBy)!;
  const common = {
    type: 'conversationUpdate',
    id: `dev-install-${place.id}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: `http://127.0.0.1:${port}/dev/connector/`,
    from: { id: installer.userId, aadObjectId: installer.aadObjectId, name: installer.name },
    recipient: BOT,
    membersAdded: [{ id: BOT.id }],
  };
  if (place.kind === 'team') {
    return {
      ...common,
      conversation: { isGroup: true, conversationType: 'channel', tenantId: place.tenantId, id: place.channelId },
      channelData: {
        eventType: 'teamMemberAdded',
        team: { id: place.id, name: place.name, aadGroupId: place.aadGroupId },
        tenant: { id: place.tenantId },
      },
    };
  }
  return {
    ...common,
    conversation: { isGroup: true, conversationType: 'groupChat', tenantId: place.tenantId, id: conversationOf(place) },
    channelData: { tenant: { id: place.tenantId }, ...(place.kind === 'meeting' ? { meeting: { id: place.id } } : {}) },
  };
}
