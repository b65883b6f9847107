namespace Chapp.Silo;

/// <summary>The database a silo uses, resolved from <see cref="ChappOptions"/>.</summary>
public sealed record ChappDatabase(DatabaseKind Kind, string ConnectionString)
{
    /// <summary>The ADO.NET invariant the Orleans AdoNet providers expect for this database.</summary>
    /// <remarks>"System.Data.SQLite" is the provider's name for SQLite; it loads Microsoft.Data.Sqlite under it.</remarks>
    public string Invariant => Kind == DatabaseKind.Sqlite ? "System.Data.SQLite" : "Npgsql";
}
