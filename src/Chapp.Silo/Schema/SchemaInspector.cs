using System.Data.Common;

namespace Chapp.Silo.Schema;

/// <summary>
/// Reads what a database holds and tells which <see cref="SchemaState"/> it is in, or throws
/// <see cref="SchemaMismatchException"/> naming what was found when it is not Chapp's.
/// </summary>
internal static class SchemaInspector
{
    /// <summary>The table holding the schema version: its presence is what makes a database Chapp's.</summary>
    public const string MarkerTable = "chapp_schema";

    // The oldest version this build upgrades from.
    private const int FirstVersion = 1;

    /// <summary>
    /// Tells an empty database from a complete one (or one complete but for the added tables) and throws for anything else, naming what was found.
    /// </summary>
    public static async Task<SchemaState> InspectAsync(
        DbConnection connection,
        DbTransaction? transaction,
        SchemaEngine engine,
        string where,
        CancellationToken cancellationToken)
    {
        var expected = engine.Tables;
        var found = await ListAsync(connection, transaction, engine.ListTables, cancellationToken);

        if (found.Count == 0)
        {
            return SchemaState.Empty;
        }

        var foreign = found.Where(t => !expected.Contains(t) && !engine.AddedTables.Contains(t)).ToList();
        var missing = expected.Where(t => !found.Contains(t)).ToList();

        if (!found.Contains(MarkerTable))
        {
            throw new SchemaMismatchException(foreign.Count > 0
                ? $"The {where} is not empty and is not Chapp's: it holds tables Chapp does not use ({Names(foreign)}) " +
                  $"and no {MarkerTable} table. Point Chapp at an empty database; nothing was changed."
                : $"The {where} holds part of Chapp's schema ({Names(found)}) but no {MarkerTable} table, so it was " +
                  "left half-made. Nothing was changed; drop those tables (or use an empty database) and start again.");
        }

        var versions = new List<long>();
        await using (var command = SchemaSql.CreateCommand(connection, transaction, $"SELECT version FROM {MarkerTable}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(reader.GetInt64(0));
            }
        }

        if (versions.Count != 1 || versions[0] is < FirstVersion or > SchemaInstaller.CurrentVersion)
        {
            var what = versions.Count == 0 ? "no row" : $"version {string.Join(", ", versions)}";
            throw new SchemaMismatchException(
                $"The {where} has a {MarkerTable} table with {what}; this build of Chapp needs exactly one row with " +
                $"version {FirstVersion} to {SchemaInstaller.CurrentVersion}. Nothing was changed.");
        }

        if (missing.Count > 0 || foreign.Count > 0)
        {
            throw new SchemaMismatchException(
                $"The {where} says Chapp schema version {versions[0]} but " +
                (missing.Count > 0 ? $"lacks {Names(missing)}" : "") +
                (missing.Count > 0 && foreign.Count > 0 ? " and " : "") +
                (foreign.Count > 0 ? $"also holds tables Chapp does not use ({Names(foreign)})" : "") +
                ". Nothing was changed.");
        }

        if (versions[0] < SchemaInstaller.CurrentVersion)
        {
            return SchemaState.Outdated;
        }

        if (!engine.AddedTables.All(found.Contains))
        {
            return SchemaState.LacksAdditions;
        }

        var objects = await ListAsync(connection, transaction, engine.ListObjects, cancellationToken);
        return engine.AddedObjects.All(objects.Contains) ? SchemaState.Complete : SchemaState.LacksAdditions;
    }

    private static async Task<SortedSet<string>> ListAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await using var command = SchemaSql.CreateCommand(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0).ToLowerInvariant());
        }

        return names;
    }

    private static string Names(IEnumerable<string> tables)
    {
        // A database full of someone else's tables should not produce a page-long message.
        const int shown = 10;
        var list = tables.ToList();
        var text = string.Join(", ", list.Take(shown));
        return list.Count > shown ? $"{text} and {list.Count - shown} more" : text;
    }
}
