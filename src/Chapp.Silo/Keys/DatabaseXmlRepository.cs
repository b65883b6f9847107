using System.Data.Common;
using System.Xml.Linq;
using Chapp.Silo.Schema;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Chapp.Silo.Keys;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in Chapp's database (table <c>chapp_data_protection_keys</c>),
/// so every process of a cluster, and every restart, protects and unprotects cookies and antiforgery tokens with
/// the same keys.
/// </summary>
/// <remarks>
/// Data Protection calls this synchronously and rarely: on the first use of the key ring, when a key nears
/// expiry (every 90 days by default), and when a process meets a key it does not know yet.
/// </remarks>
public sealed class DatabaseXmlRepository(ChappDatabase database) : IXmlRepository
{
    private readonly Lazy<Task> _schema = new(() =>
        // The key ring may be needed by a request before the silo's start-up has made the schema.
        SchemaInstaller.EnsureAsync(database.Kind, database.StorageConnectionString));

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT xml FROM chapp_data_protection_keys ORDER BY friendly_name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrEmpty(friendlyName);
        using var connection = Open();
        // Names are unique per key ("key-<guid>"); storing one twice (a retry) keeps the latest text.
        using var command = Command(connection,
            "INSERT INTO chapp_data_protection_keys (friendly_name, xml) VALUES (@name, @xml) " +
            "ON CONFLICT (friendly_name) DO UPDATE SET xml = excluded.xml");
        AddParameter(command, "@name", friendlyName);
        AddParameter(command, "@xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    private DbConnection Open()
    {
        _schema.Value.GetAwaiter().GetResult();
        DbConnection connection = database.Kind == DatabaseKind.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.StorageConnectionString);
        connection.Open();
        return connection;
    }

    private static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
