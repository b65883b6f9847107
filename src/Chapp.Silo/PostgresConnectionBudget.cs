using System.Data.Common;
using Npgsql;

namespace Chapp.Silo;

/// <summary>
/// How many PostgreSQL connections one Chapp process may hold, split between its two Npgsql pools: Orleans'
/// (clustering, grain state, stream PubSub, Data Protection keys, schema) and the message log's data source
/// (log, search, health). Each pool is capped with <c>Maximum Pool Size</c>; an open over the cap waits for a
/// pooled connection (up to the connection string's <c>Timeout</c>) instead of asking the server for one more.
/// </summary>
/// <remarks>
/// The two pools cannot be one: Orleans' AdoNet providers open connections by connection string through
/// <c>NpgsqlFactory</c>, and the log's data source adds settings of its own (<c>Max Auto Prepare</c>,
/// <c>No Reset On Close</c>), so they are two pools on one server however they are configured. Uncapped, each
/// takes up to Npgsql's 100, and one process alone can exhaust a server's default <c>max_connections</c> (100):
/// a silo stopping with 2,000 rooms writes 2,000 room states and 2,000 stream registrations at once.
/// </remarks>
public sealed record PostgresConnectionBudget
{
    /// <summary>
    /// Connections per process unless configured. PostgreSQL's default <c>max_connections</c> is 100 with 3 kept
    /// for superusers: 20 lets a cluster of four silos (80) run with room left for an operator's psql, backups and
    /// a rolling restart's fifth process. On a small server more connections than a few per core only queue inside
    /// PostgreSQL instead of in the pool.
    /// </summary>
    public const int DefaultMaxConnections = 20;

    /// <summary>The fewest connections a budget may have: one for each pool.</summary>
    public const int MinConnections = 2;

    private PostgresConnectionBudget(string storage, string log, int? storageSize, int? logSize)
    {
        StorageConnectionString = storage;
        LogConnectionString = log;
        StoragePoolSize = storageSize;
        LogPoolSize = logSize;
    }

    /// <summary>The connection string of Orleans' providers, the key ring and the schema installer.</summary>
    public string StorageConnectionString { get; }

    /// <summary>The connection string of the message log's data source (log, search, health).</summary>
    public string LogConnectionString { get; }

    /// <summary>The storage pool's cap set by the budget; null when the operator's connection string sets its own.</summary>
    public int? StoragePoolSize { get; }

    /// <summary>The log pool's cap set by the budget; null when the operator's connection string sets its own.</summary>
    public int? LogPoolSize { get; }

    /// <summary>
    /// Splits <paramref name="maxConnections"/> between the two pools of <paramref name="connectionString"/>. A
    /// connection string that sets <c>Maximum Pool Size</c> itself is obeyed as Npgsql reads it (per pool), and
    /// the budget is not applied. Each pool is named (<c>Application Name</c> chapp-storage / chapp-log, unless the
    /// string names one) so <c>pg_stat_activity</c> shows who holds what.
    /// </summary>
    public static PostgresConnectionBudget Split(string connectionString, int maxConnections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, MinConnections);
        // Npgsql's own builder writes back only what the string set, under each setting's one canonical name,
        // whichever spelling the operator used.
        var given = new DbConnectionStringBuilder { ConnectionString = new NpgsqlConnectionStringBuilder(connectionString).ToString() };
        var named = given.ContainsKey("Application Name");
        if (given.ContainsKey("Maximum Pool Size"))
        {
            return new PostgresConnectionBudget(Named(connectionString, named, "chapp-storage", null),
                Named(connectionString, named, "chapp-log", null), null, null);
        }

        // The log gets two fifths: after start-up its commits and reads are the steady traffic; Orleans' storage
        // gets the rest for the bursts (rooms activating and deactivating together, each with its stream's PubSub).
        var log = Math.Max(1, maxConnections * 2 / 5);
        var storage = maxConnections - log;
        return new PostgresConnectionBudget(Named(connectionString, named, "chapp-storage", storage),
            Named(connectionString, named, "chapp-log", log), storage, log);
    }

    private static string Named(string connectionString, bool named, string applicationName, int? poolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named)
        {
            builder.ApplicationName = applicationName;
        }

        if (poolSize is { } size)
        {
            builder.MaxPoolSize = size;
            // Npgsql keeps Minimum Pool Size connections open; one above the cap would make the pool refuse to open.
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, size);
        }

        return builder.ToString();
    }
}
