import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type ConfigResult } from '../../bot/config';

const CS = 'DefaultEndpointsProtocol=https;AccountName=hallway;AccountKey=bm90LWEta2V5;EndpointSuffix=core.windows.net';
const URL = 'https://hallway.table.core.windows.net';

const errorsOf = (result: ConfigResult) => (result.ok ? [] : result.errors);
const configOf = (result: ConfigResult) => {
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result;
};

describe('storage configuration', () => {
  test('storage is the SQLite file unless STORAGE says azure-tables', () => {
    expect(configOf(loadConfig({})).config.storage).toEqual({ driver: 'sqlite' });
    expect(configOf(loadConfig({ STORAGE: '' })).config.storage).toEqual({ driver: 'sqlite' });
    expect(configOf(loadConfig({ STORAGE: 'sqlite' })).config.storage).toEqual({ driver: 'sqlite' });
  });

  test('Azure Tables is reached by connection string, or by account URL with a managed identity; tables are prefixed hallway unless set', () => {
    expect(configOf(loadConfig({ STORAGE: 'azure-tables', AZURE_TABLES_CONNECTION_STRING: CS })).config.storage).toEqual({
      driver: 'azure-tables',
      connectionString: CS,
      tablePrefix: 'hallway',
    });
    expect(configOf(loadConfig({ STORAGE: 'azure-tables', AZURE_TABLES_ACCOUNT_URL: URL, AZURE_TABLES_PREFIX: 'hallwayProd2' })).config.storage).toEqual({
      driver: 'azure-tables',
      accountUrl: URL,
      tablePrefix: 'hallwayProd2',
    });
  });

  test('azure-tables without a connection string or account URL is refused with one line saying what to set', () => {
    const errors = errorsOf(loadConfig({ STORAGE: 'azure-tables', AZURE_TABLES_CONNECTION_STRING: ' ' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^AZURE_TABLES_CONNECTION_STRING: required for STORAGE=azure-tables/);
    expect(errors[0]).toContain('AZURE_TABLES_ACCOUNT_URL');
  });

  test('a connection string and an account URL together are refused: only one way in', () => {
    const errors = errorsOf(loadConfig({ STORAGE: 'azure-tables', AZURE_TABLES_CONNECTION_STRING: CS, AZURE_TABLES_ACCOUNT_URL: URL }));
    expect(errors).toEqual(['AZURE_TABLES_ACCOUNT_URL: set either it or AZURE_TABLES_CONNECTION_STRING, not both']);
  });

  test('an unknown STORAGE, an account URL that is not a URL, and a table prefix Azure would refuse each get a line naming them', () => {
    const errors = errorsOf(loadConfig({ STORAGE: 'cosmos', AZURE_TABLES_ACCOUNT_URL: 'hallway.table.core', AZURE_TABLES_PREFIX: 'hall-way' }));
    expect(errors.map((e) => e.split(':')[0]).sort()).toEqual(['AZURE_TABLES_ACCOUNT_URL', 'AZURE_TABLES_PREFIX', 'STORAGE']);
    expect(errors.find((e) => e.startsWith('STORAGE'))).toContain('sqlite or azure-tables');
  });

  test('Azure settings without STORAGE=azure-tables warn that everything goes to the SQLite file', () => {
    const { config, warnings } = configOf(loadConfig({ AZURE_TABLES_CONNECTION_STRING: CS }));
    expect(config.storage).toEqual({ driver: 'sqlite' });
    expect(warnings.some((w) => w.includes('STORAGE is not azure-tables'))).toBe(true);
  });

  test('every storage setting is documented in .env.example', () => {
    const example = readFileSync(resolve(__dirname, '../../.env.example'), 'utf8');
    for (const name of ['STORAGE', 'SQLITE_PATH', 'AZURE_TABLES_CONNECTION_STRING', 'AZURE_TABLES_ACCOUNT_URL', 'AZURE_TABLES_PREFIX']) {
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });
});
