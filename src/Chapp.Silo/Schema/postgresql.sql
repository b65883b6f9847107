-- Chapp schema for PostgreSQL, version 1: Orleans grain storage, Orleans clustering (membership) and our
-- own tables, all in the connection's current schema (normally public).
--
-- SchemaInstaller runs this whole file inside ONE transaction on an empty schema, holding an advisory
-- lock so that two silos starting together cannot both create it. The file has no BEGIN/COMMIT of its
-- own, so the installer owns the transaction; by hand: psql --single-transaction -f postgresql.sql.
--
-- Used with Invariant "Npgsql". The providers read their SQL from OrleansQuery by key, so only that
-- table, its two columns and the key names are fixed; the other tables are ours. Unquoted names fold to
-- lower case, which the providers' "SELECT QueryKey, QueryText FROM OrleansQuery" also does.
-- Result columns are aliased in double quotes to the exact names the providers look up.
-- Query texts are dollar-quoted ($q$ ... $q$) so they need no escaping.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

------------------------------------------------------------------------------------------------------
-- Grain storage (Microsoft.Orleans.Persistence.AdoNet)
------------------------------------------------------------------------------------------------------

-- One row per grain state. The provider identifies a grain by (service, state/grain type, key) where the
-- key is two 64-bit halves plus an optional string (string keys and key extensions). A missing string is
-- stored as '' so that the primary key can serve as the ON CONFLICT target: Orleans' own key extensions
-- are never empty, so '' cannot clash with a real one. The provider also sends hashes of the grain id and
-- type; the primary key makes them unnecessary.
-- version is the grain's ETag: a 32-bit integer bumped on every write or clear (the provider parses it
-- as Int32). payload is NULL after a clear that keeps the row (DeleteStateOnClear = false).
CREATE TABLE orleans_grain_state
(
    service_id   text    NOT NULL,
    grain_type   text    NOT NULL,
    grain_id_n0  bigint  NOT NULL,
    grain_id_n1  bigint  NOT NULL,
    grain_id_ext text    NOT NULL,
    payload      bytea,
    version      integer NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

-- Parameters (names fixed by the provider): @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
-- @GrainIdExtensionString (NULL when absent), @GrainStateVersion (NULL when the grain has no ETag),
-- @PayloadBinary; @GrainIdHash and @GrainTypeHash are sent too and ignored.
-- Result columns: read -> PayloadBinary, Version (no row = never written); write -> NewGrainStateVersion;
-- clear/delete -> first column. No row from a write, clear or delete means "stale ETag" and the provider
-- throws InconsistentStateException.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
$q$),

-- One statement, so the check and the write are atomic: a first write (no ETag) inserts version 1;
-- a write with an ETag bumps the row only while its version still equals that ETag. Every other case
-- (row already there without ETag, row gone or moved on with ETag) writes nothing and returns no row.
-- A concurrent first write waits on the other's key and then takes the conflict branch, where the
-- version test fails: one of them wins, the other gets InconsistentStateException.
('WriteToStorageKey', $q$
INSERT INTO orleans_grain_state AS s (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM orleans_grain_state
              WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
                AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
                AND grain_id_ext = coalesce(@GrainIdExtensionString, ''))
ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
   SET payload = excluded.payload, version = s.version + 1
 WHERE s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion"
$q$),

-- Keeps the row with a NULL payload and a new version, so a later first write is still told apart.
('ClearStorageKey', $q$
UPDATE orleans_grain_state
   SET payload = NULL, version = version + 1
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
   AND version = @GrainStateVersion
RETURNING version
$q$),

-- Only used with DeleteStateOnClear = true. The returned value must differ from the old ETag.
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
   AND version = @GrainStateVersion
RETURNING version + 1
$q$);

------------------------------------------------------------------------------------------------------
-- Clustering (Microsoft.Orleans.Clustering.AdoNet)
------------------------------------------------------------------------------------------------------

-- One row per cluster (DeploymentId = ClusterId). version is the membership table's single ETag: every
-- insert or update of a silo row must name the version it read and bumps it, which is how Orleans
-- serialises membership changes. Heartbeats (IAmAlive) do not bump it.
CREATE TABLE orleans_cluster_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation). Times are timestamptz because the provider
-- binds its UTC DateTime values as DbType.DateTime, which Npgsql sends as timestamptz.
-- suspect_times is the provider's own text encoding of suspicion votes.
CREATE TABLE orleans_cluster_silo
(
    deployment_id   text        NOT NULL REFERENCES orleans_cluster_version ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Parameters (names fixed by the provider): @DeploymentId, @Address, @Port, @Generation, @SiloName,
-- @HostName, @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime, @Version (the ETag read).
-- Reads return one row per silo joined to the version row, or a single row with NULL silo columns when
-- the cluster has no silo yet: the provider takes the table version from the first row and treats a
-- NULL StartTime as "no silo". Writes return a single boolean.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH made AS (
    INSERT INTO orleans_cluster_version (deployment_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM made)
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       s.address AS "Address", s.port AS "Port", s.generation AS "Generation",
       s.silo_name AS "SiloName", s.host_name AS "HostName", s.status AS "Status",
       s.proxy_port AS "ProxyPort", s.suspect_times AS "SuspectTimes",
       s.start_time AS "StartTime", s.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_cluster_silo s ON s.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       s.address AS "Address", s.port AS "Port", s.generation AS "Generation",
       s.silo_name AS "SiloName", s.host_name AS "HostName", s.status AS "Status",
       s.proxy_port AS "ProxyPort", s.suspect_times AS "SuspectTimes",
       s.start_time AS "StartTime", s.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_cluster_silo s
       ON s.deployment_id = v.deployment_id
      AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

-- The version bump goes first and only when the ETag still matches and the silo is not there yet; the
-- insert feeds on its output, so both happen or neither does. A concurrent writer with the same ETag
-- waits on the version row and then finds the version moved on.
('InsertMembershipKey', $q$
WITH bump AS (
    UPDATE orleans_cluster_version
       SET version = version + 1
     WHERE deployment_id = @DeploymentId AND version = @Version
       AND NOT EXISTS (SELECT 1 FROM orleans_cluster_silo
                       WHERE deployment_id = @DeploymentId
                         AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), added AS (
    INSERT INTO orleans_cluster_silo (deployment_id, address, port, generation, silo_name, host_name,
                                      status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bump
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM added)
$q$),

-- Same pattern as the insert: bump only when the ETag matches and the silo row exists.
('UpdateMembershipKey', $q$
WITH bump AS (
    UPDATE orleans_cluster_version
       SET version = version + 1
     WHERE deployment_id = @DeploymentId AND version = @Version
       AND EXISTS (SELECT 1 FROM orleans_cluster_silo
                   WHERE deployment_id = @DeploymentId
                     AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), changed AS (
    UPDATE orleans_cluster_silo s
       SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
      FROM bump
     WHERE s.deployment_id = bump.deployment_id
       AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM changed)
$q$),

('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_cluster_silo
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- Called with @Status = 3 (Active); a silo without a gateway has proxy port 0.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_cluster_silo
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- The silo rows go with their version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_cluster_version WHERE deployment_id = @DeploymentId
$q$),

-- Removes rows of silos that are not active and have not sent a heartbeat since the cutoff
-- (@IAmAliveTime = now - DefunctSiloExpiration).
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_cluster_silo
 WHERE deployment_id = @DeploymentId
   AND i_am_alive_time < @IAmAliveTime
   AND status <> 3
$q$);

------------------------------------------------------------------------------------------------------
-- Chapp's own tables
------------------------------------------------------------------------------------------------------

-- Chat message log: append-only, one row per message, numbered per room. Written by our own code,
-- not by Orleans, so that a send costs the same however long the room's history is. The unique key on
-- the client's own message id makes a resent message a no-op instead of a duplicate.
CREATE TABLE chapp_messages
(
    room_id           text        NOT NULL,
    seq               bigint      NOT NULL,
    message_id        uuid        NOT NULL,
    author            text        NOT NULL,
    author_name       text        NOT NULL,
    body              text        NOT NULL,
    sent_at           timestamptz NOT NULL,
    client_message_id text        NOT NULL,
    PRIMARY KEY (room_id, seq),
    UNIQUE (room_id, author, client_message_id)
);

-- Written last: its presence says the database is ours and complete.
CREATE TABLE chapp_schema
(
    version integer NOT NULL
);
INSERT INTO chapp_schema (version) VALUES (1);
