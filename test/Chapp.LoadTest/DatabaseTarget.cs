namespace Chapp.LoadTest;

/// <summary>A fresh database made for one phase: a SQLite file or a PostgreSQL database.</summary>
/// <param name="Kind">sqlite or postgres.</param>
/// <param name="SqlitePath">The SQLite file (sqlite only).</param>
/// <param name="PostgresConnectionString">The connection string (postgres only).</param>
public sealed record DatabaseTarget(string Kind, string? SqlitePath, string? PostgresConnectionString)
{
    /// <summary>The value of Chapp__Database.</summary>
    public string ServerSetting => Kind == "postgres" ? "PostgreSql" : "Sqlite";
}
