// The configuration added for transport and deployment: METRICS_TOKEN (long enough to be a secret),
// REDIS_CA_FILE (a readable file), REDIS_TLS_SERVERNAME; each problem named with what to do.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';

describe('transport and deployment configuration', () => {
  it('all unset by default: /metrics off, the system CAs', () => {
    const config = loadConfig({});
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config.REDIS_CA_FILE).toBeUndefined();
    expect(config.REDIS_TLS_SERVERNAME).toBeUndefined();
  });

  it('takes a long METRICS_TOKEN and refuses a short one, saying how to make one', () => {
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(16) }).METRICS_TOKEN).toBe('a'.repeat(16));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters \(e\.g\. openssl rand -hex 24\)/);
  });

  it('REDIS_CA_FILE must be a readable file (a directory is not)', () => {
    expect(() => loadConfig({ REDIS_URL: 'rediss://redis.example.net:6380', REDIS_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/REDIS_CA_FILE: must be a readable PEM file/);
    expect(() => loadConfig({ REDIS_CA_FILE: '/tmp' })).toThrow(/REDIS_CA_FILE/);
    expect(loadConfig({ REDIS_TLS_SERVERNAME: ' redis.example.net ' }).REDIS_TLS_SERVERNAME).toBe('redis.example.net');
  });
});
