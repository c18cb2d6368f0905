// The backoff after a refused Redis credential (1 s doubling to 30 s) and what counts as one.
import { describe, expect, it } from 'vitest';
import { AUTH_FAILED_MESSAGE, authRetryDelayMs, isAuthError, redactUrl } from '../../core/redis.js';

describe('refused Redis credentials', () => {
  it('retry after 1 s, doubling, never more than 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(authRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('WRONGPASS, NOAUTH and NOPERM are refused credentials; a refused connection is not', () => {
    expect(isAuthError(new Error('WRONGPASS invalid username-password pair or user is disabled.'))).toBe(true);
    expect(isAuthError(new Error('NOAUTH Authentication required.'))).toBe(true);
    expect(isAuthError(new Error("NOPERM User scanner has no permissions to run the 'client|setname' command"))).toBe(true);
    expect(isAuthError(new Error(AUTH_FAILED_MESSAGE))).toBe(true);
    expect(isAuthError(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(false);
    expect(isAuthError('WRONGPASS')).toBe(false);
  });

  it('the URL in the log line has no password', () => {
    expect(redactUrl('rediss://scanner-edge:s3cret@redis.example.net:6380')).toBe('rediss://scanner-edge:***@redis.example.net:6380');
  });
});
