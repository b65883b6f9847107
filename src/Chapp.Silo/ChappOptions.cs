using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo;

/// <summary>How the co-hosted silo runs; bound from the <c>Chapp</c> section of configuration.</summary>
public sealed class ChappOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp";

    /// <summary>Which database to use.</summary>
    public DatabaseKind Database { get; set; } = DatabaseKind.Sqlite;

    /// <summary>The SQLite file, relative to the app's content root unless absolute.</summary>
    public string SqlitePath { get; set; } = "data/chapp.db";

    /// <summary>The PostgreSQL connection string (storage, message log and clustering share it).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL: the most connections this process holds, split between its two pools (Orleans' storage and the
    /// message log); work beyond it waits for a free connection. Every silo of a cluster holds up to this many, so
    /// silos × this must stay below the server's <c>max_connections</c>. Ignored when the connection string sets
    /// <c>Maximum Pool Size</c> itself (then each pool takes that many). At most 1,000: Npgsql caps a pool at 1,024.
    /// </summary>
    [Range(PostgresConnectionBudget.MinConnections, 1_000)]
    public int PostgresMaxConnections { get; set; } = PostgresConnectionBudget.DefaultMaxConnections;

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "chapp";

    /// <summary>Names the stored data across cluster redeployments; keep it stable.</summary>
    [Required]
    public string ServiceId { get; set; } = "chapp";

    /// <summary>Silo-to-silo port.</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Port for external Orleans clients; 0 (the default) opens no gateway: the co-hosted web app calls its silo
    /// in-process and needs none, and an open gateway would let anyone who reaches it call grains directly.
    /// </summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>The address other silos reach this one at (PostgreSQL clustering).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// How long a silo waits for another's answer to a liveness probe (PostgreSQL clustering). With
    /// <see cref="MissedProbesLimit"/> it bounds how long a crashed silo's rooms stay unreachable: measured
    /// 5–7 s with the defaults (docs/FAILOVER.md). Orleans' own default is 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo votes another dead (PostgreSQL clustering; Orleans' default is 3).</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How often a clustered silo (PostgreSQL) sends its load to the others, which place new activations by it
    /// (Orleans' <c>DeploymentLoadPublisherRefreshTime</c>, 1 s by default). Each publish wakes every silo. The
    /// embedded single silo (SQLite) has no one to tell and never publishes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LoadPublishPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many grain locations the silo's directory cache holds. Orleans' default (1,000,000) allocates its table
    /// up front: about 18 MiB of memory in every process, for a cache of where grains live on other silos.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int GrainDirectoryCacheSize { get; set; } = 100_000;

    /// <summary>Silo-to-silo TLS (off unless a certificate is configured).</summary>
    public SiloTlsOptions SiloTls { get; set; } = new();

    /// <summary>Turns on the Orleans Dashboard at /dashboard.</summary>
    public bool Dashboard { get; set; }

    /// <summary>The connection string for <see cref="Database"/>, with a relative SQLite path made absolute.</summary>
    public string ResolveConnectionString(string contentRoot) => Database switch
    {
        DatabaseKind.Sqlite => new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(SqlitePath, contentRoot),
            Pooling = true,
        }.ToString(),
        DatabaseKind.PostgreSql => string.IsNullOrWhiteSpace(PostgresConnectionString)
            ? throw new InvalidOperationException("Chapp:Database is PostgreSql but Chapp:PostgresConnectionString is empty.")
            : PostgresConnectionString,
        _ => throw new InvalidOperationException($"Unknown Chapp:Database '{Database}'."),
    };
}
