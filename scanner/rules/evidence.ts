// Evidence and titles are built from what the tools saw, which is hostile input: control characters are
// made visible, whitespace collapsed, and every quoted value truncated (300 characters), so a banner can
// neither flood a finding nor smuggle line breaks or terminal escapes into it.
import type { OpenPort } from '../types.js';

export const MAX_QUOTED = 300;
const MAX_EVIDENCE = 1200;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** One line of text at most `max` characters, control characters shown as \n, \r, \t or \xNN. */
export function quoteSeen(text: string, max = MAX_QUOTED): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being escaped
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, visible).replace(/ {2,}/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** `service redis, product "Redis key-value store", version "5.0.7", banner "…"`. */
export function describeSeen(port: OpenPort): string {
  const parts: string[] = [];
  if (port.service) parts.push(`service ${quoteSeen(port.service, 60)}`);
  if (port.product) parts.push(`product "${quoteSeen(port.product)}"`);
  if (port.version) parts.push(`version "${quoteSeen(port.version)}"`);
  if (port.banner) parts.push(`banner "${quoteSeen(port.banner)}"`);
  return parts.length > 0 ? parts.join(', ') : 'an open port, no service details (port scan only)';
}

export type TemplateValues = Record<string, string | number | undefined>;

/** Templates split once into literal text (even indexes) and placeholder names (odd indexes). */
const compiled = new Map<string, string[]>();

function compile(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  return parts;
}

/** Replaces {name} placeholders; unknown or empty ones become the empty string. */
export function fillTemplate(template: string, values: TemplateValues, max = MAX_EVIDENCE): string {
  const parts = compile(template);
  if (parts.length === 1) return template.length > max ? `${template.slice(0, max - 1)}…` : template;
  let text = '';
  for (let i = 0; i < parts.length; i += 1) text += i % 2 === 0 ? parts[i] : String(values[parts[i] ?? ''] ?? '');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
