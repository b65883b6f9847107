using Chapp.Grains;
using Npgsql;

namespace Chapp.Silo.Storage;

/// <summary>
/// One room's append as one statement: a multi-row INSERT, with the in-place UPDATE of changed messages when the rows
/// hold events, so it is atomic by itself. The same two texts serve every room, so each is prepared once per connection.
/// </summary>
internal static class PostgresAppendStatement
{
    private const string Insert =
        $"INSERT INTO chapp_messages ({PostgresMessageRows.InsertColumns}) SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], " +
        "$5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::integer[], $10::bigint[], $11::timestamptz[], $12::boolean[], $13::text[])";

    // Per message, the last event of the rows carries its final state.
    private const string InsertAndUpdate =
        $"WITH inserted AS ({Insert}) " +
        "UPDATE chapp_messages AS m SET body = u.body, edited_at = u.edited_at, deleted = u.deleted, reactions = u.reactions, changed_seq = u.changed " +
        "FROM unnest($14::bigint[], $15::text[], $16::timestamptz[], $17::boolean[], $18::text[], $19::bigint[]) " +
        "AS u(target, body, edited_at, deleted, reactions, changed) " +
        "WHERE m.room_id = ($1::text[])[1] AND m.seq = u.target AND m.kind = 0";

    /// <summary>The statement storing <paramref name="messages"/>, all of one room.</summary>
    public static NpgsqlBatchCommand Create(IReadOnlyList<ChatMessage> messages)
    {
        var changes = messages.Where(m => !m.IsMessage).GroupBy(m => m.TargetSeq).Select(g => g.MaxBy(m => m.Seq)!).ToArray();
        var command = new NpgsqlBatchCommand(changes.Length == 0 ? Insert : InsertAndUpdate);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messages.Select(m => m.RoomId).ToArray() });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = messages.Select(m => m.Seq).ToArray() });
        parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = messages.Select(m => m.Id).ToArray() });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messages.Select(m => m.Author).ToArray() });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messages.Select(m => m.AuthorName).ToArray() });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messages.Select(m => m.Text).ToArray() });
        parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = messages.Select(m => m.SentAt.UtcDateTime).ToArray() });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messages.Select(m => m.ClientMessageId).ToArray() });
        parameters.Add(new NpgsqlParameter<int[]> { TypedValue = messages.Select(m => (int)m.Kind).ToArray() });
        parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = messages.Select(m => m.IsMessage ? (long?)null : m.TargetSeq).ToArray() });
        parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = messages.Select(m => m.EditedAt?.UtcDateTime).ToArray() });
        parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = messages.Select(m => m.Deleted).ToArray() });
        parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = messages.Select(m => ReactionsJson.Write(m.Reactions)).ToArray() });
        if (changes.Length > 0)
        {
            parameters.Add(new NpgsqlParameter<long[]> { TypedValue = changes.Select(m => m.TargetSeq).ToArray() });
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = changes.Select(m => m.Text).ToArray() });
            parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = changes.Select(m => m.EditedAt?.UtcDateTime).ToArray() });
            parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = changes.Select(m => m.Deleted).ToArray() });
            parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = changes.Select(m => ReactionsJson.Write(m.Reactions)).ToArray() });
            parameters.Add(new NpgsqlParameter<long[]> { TypedValue = changes.Select(m => m.Seq).ToArray() });
        }

        return command;
    }
}
