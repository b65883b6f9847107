using System.Data.Common;

namespace Chapp.Silo.Schema;

/// <summary>Runs the schema's SQL: plain commands inside the install transaction, and the embedded scripts.</summary>
internal static class SchemaSql
{
    /// <summary>Runs <paramref name="sql"/>, in <paramref name="transaction"/> when there is one.</summary>
    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A command on <paramref name="connection"/> in <paramref name="transaction"/>.</summary>
    public static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // Microsoft.Data.Sqlite refuses a command without the connection's open transaction.
        command.Transaction = transaction;
        return command;
    }

    /// <summary>The text of the embedded script <c>Schema/<paramref name="fileName"/></c>.</summary>
    public static string ReadScript(string fileName)
    {
        var name = $"{typeof(SchemaSql).Namespace}.{fileName}";
        using var stream = typeof(SchemaSql).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"The embedded resource '{name}' is missing: the project must embed Schema/{fileName} under that name.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
