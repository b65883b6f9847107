namespace Chapp.Silo;

/// <summary>The database a silo uses, resolved from <see cref="ChappOptions"/>.</summary>
/// <param name="Kind">SQLite or PostgreSQL.</param>
/// <param name="ConnectionString">The operator's connection string, as configured.</param>
/// <param name="MaxConnections">PostgreSQL: how many connections this process may hold (<see cref="PostgresConnectionBudget"/>).</param>
public sealed record ChappDatabase(
    DatabaseKind Kind, string ConnectionString, int MaxConnections = PostgresConnectionBudget.DefaultMaxConnections)
{
    private readonly PostgresConnectionBudget? _budget =
        Kind == DatabaseKind.PostgreSql ? PostgresConnectionBudget.Split(ConnectionString, MaxConnections) : null;

    /// <summary>The ADO.NET invariant the Orleans AdoNet providers expect for this database.</summary>
    /// <remarks>"System.Data.SQLite" is the provider's name for SQLite; it loads Microsoft.Data.Sqlite under it.</remarks>
    public string Invariant => Kind == DatabaseKind.Sqlite ? "System.Data.SQLite" : "Npgsql";

    /// <summary>Orleans' providers, the key ring and the schema installer connect with this (PostgreSQL: the storage pool).</summary>
    public string StorageConnectionString => _budget?.StorageConnectionString ?? ConnectionString;

    /// <summary>The message log, search and health probe connect with this (PostgreSQL: the log pool).</summary>
    public string LogConnectionString => _budget?.LogConnectionString ?? ConnectionString;
}
