using Chapp.Grains;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// The one mapping between a <c>chapp_messages</c> row in PostgreSQL and a <see cref="ChatMessage"/>: the message log
/// and the search select <see cref="Columns"/> (or <see cref="ColumnsOf"/>) and read rows with <see cref="ReadAllAsync"/>,
/// so a search hit carries the same edit, delete and reaction state as a history row.
/// </summary>
internal static class PostgresMessageRows
{
    /// <summary>The columns an INSERT names, in the order rows are read.</summary>
    public const string InsertColumns =
        "room_id, seq, message_id, author, author_name, body, sent_at, client_message_id, kind, target_seq, edited_at, deleted, reactions";

    // changed_seq stays NULL until an event changes the message: a message's own seq is its first state.
    /// <summary>The columns a SELECT reads, in the order rows are read.</summary>
    public const string Columns = InsertColumns + ", coalesce(changed_seq, seq)";

    /// <summary><see cref="Columns"/> qualified by a table alias, for queries that join another table.</summary>
    public static string ColumnsOf(string alias) =>
        string.Join(", ", InsertColumns.Split(", ").Select(c => $"{alias}.{c}")) + $", coalesce({alias}.changed_seq, {alias}.seq)";

    /// <summary>Runs <paramref name="command"/> (selecting <see cref="Columns"/>) and reads every row it returns.</summary>
    public static async Task<IReadOnlyList<ChatMessage>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<ChatMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(Read(reader));
        }

        return messages;
    }

    private static ChatMessage Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetGuid(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(6), TimeSpan.Zero),
        reader.GetString(7),
        (RoomEventKind)reader.GetInt32(8),
        reader.IsDBNull(9) ? 0 : reader.GetInt64(9),
        reader.IsDBNull(10) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(10), TimeSpan.Zero),
        reader.GetBoolean(11),
        ReactionsJson.Read(reader.IsDBNull(12) ? null : reader.GetString(12)),
        reader.GetInt64(13));
}
