/** The README's settings table, rendered from SETTINGS_TABLE (spec/readme.spec.ts checks and rewrites it). */
import { SETTINGS_TABLE, type SettingKey } from '../../lib/settings/table.js';

function show(value: unknown): string {
  if (typeof value === 'function') return value.name ? `\`${value.name}\`` : 'a function';
  if (value === undefined) return '`undefined`';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object) {
    return `a new \`${value.constructor.name}\``;
  }
  return `\`${JSON.stringify(value)}\``;
}

/** Return the README's settings table (Markdown): key, expected type, default, DOT's name and default. */
export function settingsTableMarkdown(): string {
  const lines = ['| Key | Type | Default | DOT name | DOT default |', '|---|---|---|---|---|'];
  for (const key of Object.keys(SETTINGS_TABLE) as SettingKey[]) {
    const spec = SETTINGS_TABLE[key];
    const dot = spec.dot ? `\`${spec.dot}\`` : '(toolkit only)';
    lines.push(`| \`${key}\` | ${spec.check.expected} | ${show(spec.default())} | ${dot} | ${spec.dotDefault} |`);
  }
  return lines.join('\n');
}
