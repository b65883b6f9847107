using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Chapp.Silo.Schema;

/// <summary>
/// Creates Chapp's database schema (Orleans' ADO.NET storage and clustering queries and tables, plus our own
/// tables) in an empty database, and otherwise checks that the database holds exactly that schema.
/// </summary>
/// <remarks>
/// Tables added since version 1 live in <c>*.additions.sql</c> (idempotent, <c>CREATE TABLE IF NOT EXISTS</c>):
/// they are created with the rest in a new database and added to a version-1 database that lacks them, so a
/// database made by an earlier Chapp keeps working.
/// </remarks>
/// <remarks>
/// Versions: <c>*.sql</c> makes version 1, <c>*.v2.sql</c> upgrades a version-1 database to version 2 (the room log
/// of events) in the same one transaction; a new database gets both. Past that it never drops or alters anything: a
/// database that is neither empty nor complete is refused with a
/// <see cref="SchemaMismatchException"/>, because guessing what a foreign or half-made schema means could lose
/// data. The scripts are embedded resources (<c>Chapp.Silo.Schema.sqlite.sql</c>,
/// <c>Chapp.Silo.Schema.postgresql.sql</c>) and each runs in one transaction, so a failure leaves the
/// database empty and the next start simply tries again.
/// </remarks>
public static class SchemaInstaller
{
    /// <summary>The schema version these scripts create; stored in the one row of <c>chapp_schema</c>.</summary>
    public const int CurrentVersion = 2;

    private const string MarkerTable = SchemaInspector.MarkerTable;

    // Every table each script creates, lower case: PostgreSQL folds unquoted names (OrleansQuery) to lower case
    // and SQLite compares names case-insensitively, so comparing in lower case fits both.
    private static readonly string[] SqliteTables =
        ["orleansquery", "orleans_grain_state", "chapp_messages", MarkerTable];

    private static readonly string[] PostgreSqlTables =
        ["orleansquery", "orleans_grain_state", "orleans_cluster_version", "orleans_cluster_silo", "chapp_messages", MarkerTable];

    // Created by *.additions.sql: may be missing from a version-1 database made by an earlier Chapp. FTS5 makes
    // shadow tables for its index (content is external, and columnsize=0 drops _docsize): they are ours too.
    private static readonly string[] SqliteAddedTables =
    [
        "chapp_data_protection_keys",
        "chapp_messages_fts", "chapp_messages_fts_data", "chapp_messages_fts_idx", "chapp_messages_fts_config",
        "chapp_search_progress",
    ];

    private static readonly string[] PostgreSqlAddedTables = ["chapp_data_protection_keys"];

    // Other objects the additions make (triggers, indexes): a database without them gets the additions again.
    private static readonly string[] SqliteAddedObjects =
        ["chapp_messages_fts_delete", "chapp_messages_fts_update"];

    // The search index names its fastupdate setting too: an index an earlier Chapp made with it on gets the additions again.
    private static readonly string[] PostgreSqlAddedObjects = ["chapp_messages_room_words fastupdate=off"];

    private const string SqliteListObjects = "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')";

    private const string PostgreSqlListObjects =
        "SELECT c.relname || CASE WHEN c.reloptions @> ARRAY['fastupdate=off'] THEN ' fastupdate=off' ELSE '' END " +
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE n.nspname = current_schema() AND c.relkind = 'i'";

    // Any fixed number works; it only has to be the same for every Chapp process sharing the database.
    private const long PostgreSqlInstallLockKey = 0x43_68_61_70_70_53_63_68; // "ChappSch"

    /// <summary>
    /// Creates the schema when the database is empty; does nothing when Chapp's complete schema of
    /// <see cref="CurrentVersion"/> is there.
    /// </summary>
    /// <param name="kind">Which engine <paramref name="connectionString"/> points at.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite or an Npgsql connection string.</param>
    /// <param name="cancellationToken">Cancels the check or the creation (which then rolls back).</param>
    /// <exception cref="SchemaMismatchException">
    /// The database holds tables that are not Chapp's, or part of Chapp's schema without the marker, or a marker
    /// of another version.
    /// </exception>
    public static Task EnsureAsync(DatabaseKind kind, string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return kind switch
        {
            DatabaseKind.Sqlite => EnsureSqliteAsync(connectionString, cancellationToken),
            DatabaseKind.PostgreSql => EnsurePostgreSqlAsync(connectionString, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown database kind."),
        };
    }

    private static async Task EnsureSqliteAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var where = $"SQLite database '{builder.DataSource}'";
        CreateFolderOf(builder);

        const string listTables =
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // The usual case, a complete schema, costs one read and takes no write lock.
        var engine = new SchemaEngine(listTables, SqliteTables, SqliteAddedTables, SqliteListObjects, SqliteAddedObjects);
        var state = await SchemaInspector.InspectAsync(connection, null, engine, where, cancellationToken);
        if (state == SchemaState.Complete)
        {
            return;
        }

        if (state == SchemaState.Empty)
        {
            // WAL lets readers go on while the single writer writes. It is stored in the file, so setting it once
            // at creation is enough, and it must be set outside a transaction.
            await SchemaSql.ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // BeginTransaction takes the write lock at once (BEGIN IMMEDIATE), so a second process creating the
        // schema at the same moment waits here and then finds it complete.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await CreateAsync(connection, transaction, "sqlite", engine, where, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task EnsurePostgreSqlAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"PostgreSQL database '{builder.Database}' on '{builder.Host}'";

        // pg_class rather than information_schema: the latter hides tables the role has no rights on, and a
        // hidden foreign table must still stop us.
        const string listTables =
            "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')";

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        var engine = new SchemaEngine(listTables, PostgreSqlTables, PostgreSqlAddedTables, PostgreSqlListObjects, PostgreSqlAddedObjects);
        if (await SchemaInspector.InspectAsync(connection, null, engine, where, cancellationToken) == SchemaState.Complete)
        {
            return;
        }

        // CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin in PostgreSQL; the lock below is.

        // DDL is transactional in PostgreSQL, so the script is all or nothing. The advisory lock (released at
        // commit or rollback) makes a second silo starting at the same moment wait and then find it complete.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SchemaSql.ExecuteAsync(
            connection,
            transaction,
            string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({PostgreSqlInstallLockKey})"),
            cancellationToken);
        await CreateAsync(connection, transaction, "postgresql", engine, where, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Inside the install transaction: runs the scripts the database still needs, if any.</summary>
    private static async Task CreateAsync(
        DbConnection connection,
        DbTransaction transaction,
        string scriptPrefix,
        SchemaEngine engine,
        string where,
        CancellationToken cancellationToken)
    {
        var state = await SchemaInspector.InspectAsync(connection, transaction, engine, where, cancellationToken);
        if (state == SchemaState.Empty)
        {
            await SchemaSql.ExecuteAsync(connection, transaction, SchemaSql.ReadScript(scriptPrefix + ".sql"), cancellationToken);
        }

        if (state is SchemaState.Empty or SchemaState.Outdated)
        {
            await SchemaSql.ExecuteAsync(connection, transaction, SchemaSql.ReadScript(scriptPrefix + ".v2.sql"), cancellationToken);
        }

        if (state != SchemaState.Complete)
        {
            await SchemaSql.ExecuteAsync(connection, transaction, SchemaSql.ReadScript(scriptPrefix + ".additions.sql"), cancellationToken);
        }
    }

    private static void CreateFolderOf(SqliteConnectionStringBuilder builder)
    {
        // In-memory and URI data sources have no folder to make; SQLite creates the file but not its folder.
        var dataSource = builder.DataSource;
        if (string.IsNullOrEmpty(dataSource)
            || builder.Mode == SqliteOpenMode.Memory
            || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
