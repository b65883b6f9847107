namespace Chapp.Silo;

/// <summary>
/// The database engine that holds Orleans grain state (and, on PostgreSQL, cluster membership) and the
/// chat message log.
/// </summary>
public enum DatabaseKind
{
    /// <summary>A single SQLite file: the embedded default for one silo (clustering stays on localhost).</summary>
    Sqlite,

    /// <summary>PostgreSQL: shared by several silos, which also use it for clustering.</summary>
    PostgreSql,
}
