// Initial schema (DESIGN §3–§5). Landed migrations are never edited: change the schema with a new file.
// Written in SQL because CHECKs, generated columns and partial indexes are what this migration is about.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE SEQUENCE scan_id_seq START WITH 1001;

    CREATE TABLE scans (
      id integer PRIMARY KEY DEFAULT nextval('scan_id_seq'),
      public_id text GENERATED ALWAYS AS ('SCAN-' || id::text) STORED UNIQUE,
      name text NOT NULL,
      targets text[] NOT NULL,
      ports text NOT NULL,
      scanner text NOT NULL CHECK (scanner IN ('masscan', 'nmap', 'hybrid')),
      rate integer NOT NULL CHECK (rate > 0),
      timeout_seconds integer NOT NULL CHECK (timeout_seconds > 0),
      port_timeout_ms integer NOT NULL CHECK (port_timeout_ms > 0),
      protocol text NOT NULL CHECK (protocol IN ('tcp', 'udp', 'both')),
      schedule text,
      timezone text,
      created_by_platform text NOT NULL,
      created_by text NOT NULL,
      created_channel text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER SEQUENCE scan_id_seq OWNED BY scans.id;
    CREATE INDEX scans_created_at_idx ON scans (created_at DESC, id DESC);

    CREATE TABLE runs (
      id serial PRIMARY KEY,
      scan_id integer NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      number integer NOT NULL,
      status text NOT NULL CHECK (status IN ('planned', 'running', 'completed', 'failed', 'cancelled', 'submit_error')),
      trigger text NOT NULL CHECK (trigger IN ('create', 'rerun', 'schedule', 'update')),
      progress real NOT NULL DEFAULT 0,
      phase text,
      worker_id text,
      attempt integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      ended_at timestamptz,
      error_message text,
      cancelled_by text,
      results_at timestamptz,
      open_port_count integer NOT NULL DEFAULT 0,
      finding_count integer NOT NULL DEFAULT 0,
      critical_count integer NOT NULL DEFAULT 0,
      high_count integer NOT NULL DEFAULT 0,
      medium_count integer NOT NULL DEFAULT 0,
      low_count integer NOT NULL DEFAULT 0,
      info_count integer NOT NULL DEFAULT 0,
      UNIQUE (scan_id, number)
    );
    -- One active run per scan, enforced by the database so that concurrent rerun/schedule cannot race.
    CREATE UNIQUE INDEX runs_one_active_per_scan ON runs (scan_id) WHERE status IN ('planned', 'running');
    CREATE INDEX runs_scan_with_results_idx ON runs (scan_id, number DESC) WHERE results_at IS NOT NULL;
    CREATE INDEX runs_status_idx ON runs (status);

    CREATE TABLE run_logs (
      id bigserial PRIMARY KEY,
      run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      level text NOT NULL CHECK (level IN ('info', 'warning', 'error')),
      message text NOT NULL
    );
    CREATE INDEX run_logs_run_idx ON run_logs (run_id, id);

    CREATE TABLE open_ports (
      run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      ip inet NOT NULL,
      port integer NOT NULL CHECK (port BETWEEN 0 AND 65535),
      protocol text NOT NULL CHECK (protocol IN ('tcp', 'udp')),
      state text NOT NULL,
      service text,
      product text,
      version text,
      banner text,
      ttl integer,
      scripts jsonb
    );
    CREATE INDEX open_ports_run_idx ON open_ports (run_id);

    CREATE TABLE findings (
      run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      rule_id text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
      title text NOT NULL,
      ip inet NOT NULL,
      port integer NOT NULL,
      protocol text NOT NULL CHECK (protocol IN ('tcp', 'udp')),
      evidence text NOT NULL,
      remediation text NOT NULL,
      change text NOT NULL DEFAULT 'unchanged' CHECK (change IN ('new', 'gone', 'changed', 'unchanged'))
    );
    CREATE INDEX findings_run_idx ON findings (run_id);

    CREATE TABLE scope (
      cidr cidr PRIMARY KEY,
      added_by text NOT NULL,
      added_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE user_roles (
      platform text NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
      user_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
      granted_by text NOT NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (platform, user_id)
    );

    CREATE TABLE channel_subscriptions (
      platform text NOT NULL,
      channel_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('alerts', 'reports')),
      added_by text NOT NULL,
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (platform, channel_id, kind)
    );

    CREATE TABLE chat_messages (
      run_id integer NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      platform text NOT NULL,
      channel_id text NOT NULL,
      message_id text NOT NULL,
      thread_id text,
      PRIMARY KEY (run_id, platform, channel_id)
    );

    CREATE TABLE scanners (
      id text PRIMARY KEY,
      host text NOT NULL,
      version text NOT NULL,
      capabilities jsonb NOT NULL,
      running_jobs integer NOT NULL DEFAULT 0,
      last_seen timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      platform text NOT NULL,
      user_id text NOT NULL,
      channel_id text NOT NULL,
      command text NOT NULL,
      result text NOT NULL CHECK (result IN ('ok', 'denied', 'refused', 'error')),
      detail text
    );
    CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE audit_log, scanners, chat_messages, channel_subscriptions, user_roles, scope,
      findings, open_ports, run_logs, runs, scans;
  `.execute(db);
}
