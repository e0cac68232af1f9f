import { readFileSync } from 'node:fs';

/**
 * Read toolkit settings overrides from a JSON file (`OAUTH2_PROVIDER_SETTINGS_FILE`): an object with the keys of
 * `configure()`. The keys themselves are checked by `configure()`, which names any unknown one.
 */
export function readSettingsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the settings file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes part of the text in its message, and a settings file may hold secrets: name the file only.
    throw new Error(`The settings file ${path} is not valid JSON`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`The settings file ${path} must hold a JSON object of toolkit settings`);
  }
  return value as Record<string, unknown>;
}
