import { readSettingsFile } from './settings-file.js';

/** Read `PORT` (default 8000); anything but a port number is refused with the value named. */
export function readPort(env: NodeJS.ProcessEnv): number {
  const value = env.PORT || '8000';
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`PORT must be a port number (0-65535), got '${value}'`);
  return port;
}

/** Return `ISSUER`, else `http://127.0.0.1:<port>/o`. */
export function issuerFor(env: NodeJS.ProcessEnv, port: number): string {
  return env.ISSUER || `http://127.0.0.1:${port}/o`;
}

/** Return the toolkit settings overrides of the JSON file named by `OAUTH2_PROVIDER_SETTINGS_FILE`, else none. */
export function settingsOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  return env.OAUTH2_PROVIDER_SETTINGS_FILE ? readSettingsFile(env.OAUTH2_PROVIDER_SETTINGS_FILE) : {};
}
