/**
 * The Playground's mock tenant for `npm start`, kept in the data folder so its conversation ids stay the
 * same across restarts: alert subscriptions and pending requests belong to a conversation id, and the
 * Playground makes new random ids on every start unless a config file names them.
 * Format: the Playground's own `.m365agentsplayground.yml` (version 0.1.1), read through
 * M365_AGENTS_PLAYGROUND_CONFIG_PATH.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import YAML from 'yaml';

const user = (n: number, given: string, surname: string) => ({
  id: `user-id-${n}`,
  name: `${given} ${surname}`,
  userPrincipleName: `${given.toLowerCase()}${surname[0].toLowerCase()}@example.com`,
  aadObjectId: `00000000-0000-0000-0000-00000000002${n}`,
  givenName: given,
  surname,
  email: `${given.toLowerCase()}${surname[0].toLowerCase()}@example.com`,
});

/** You (typing in the web UI) and the second person who approves your requests in the tour. */
const LOCAL_USERS = { you: user(0, 'Alex', 'Wilber'), approver: user(1, 'Megan', 'Bowen') };

function freshConfig(): Record<string, unknown> {
  return {
    version: '0.1.1',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'ACR bot' },
    currentUser: LOCAL_USERS.you,
    users: [
      LOCAL_USERS.approver,
      user(2, 'Adele', 'Vance'),
      user(3, 'Isaiah', 'Langer'),
      user(4, 'Patti', 'Fernandez'),
      user(5, 'Lynne', 'Robbins'),
    ], // it wants 5
    personalChat: { id: randomUUID() },
    groupChat: { id: randomUUID(), name: 'Group Chat' },
    team: {
      id: `team-${randomUUID()}`,
      name: 'My Team',
      aadGroupId: '00000000-0000-0000-0000-000000000031',
      channels: [{ id: `channel-${randomUUID()}`, name: 'Announcements' }],
    },
  };
}

/** Creates the file on the first start and leaves it alone afterwards (people may edit it). */
export function ensurePlaygroundConfig(path: string): string {
  if (existsSync(path)) {
    YAML.parse(readFileSync(path, 'utf8')); // a broken file fails here, with its path, not inside the Playground
    return path;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    `# Agents Playground mock tenant for npm start (created once; stable conversation ids).\n${YAML.stringify(freshConfig())}`,
  );
  return path;
}
