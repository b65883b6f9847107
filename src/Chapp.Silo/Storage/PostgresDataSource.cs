using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>The data source of the message log, its search and the health probe, with Chapp's defaults.</summary>
public static class PostgresDataSource
{
    /// <summary>How many statements each physical connection keeps prepared when the connection string does not say.</summary>
    public const int DefaultMaxAutoPrepare = 16;

    /// <summary>
    /// Opens a data source on <paramref name="connectionString"/>. Unless it says otherwise, statements used again and
    /// again (a post's INSERT above all) are prepared once per connection instead of parsed and planned on every commit,
    /// and a connection going back to the pool is not reset (no <c>DISCARD ALL</c> sent ahead of the next statement):
    /// these connections never change session state. Both take work off the database server, which shares the machine's
    /// cores with a saturated fan-out (docs/PERFORMANCE.md, "The PostgreSQL commit under saturation").
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!Names(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Names(given, "No Reset On Close", "NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }

    private static bool Names(System.Data.Common.DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
