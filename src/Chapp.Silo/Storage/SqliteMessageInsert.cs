using Chapp.Grains;
using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// Inserts a group of messages into a SQLite log in one transaction. An event row (edit, delete, reaction) also
/// rewrites its message in place to the state it carries, in the same transaction.
/// </summary>
internal static class SqliteMessageInsert
{
    public static void Commit(SqliteConnection connection, IEnumerable<ChatMessage> messages)
    {
        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O.
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO chapp_messages ({SqliteMessageRows.InsertColumns}) " +
            "VALUES ($room, $seq, $id, $author, $name, $body, $sent, $client, $kind, $target, $edited, $deleted, $reactions)";
        var room = command.Parameters.Add("$room", SqliteType.Text);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var author = command.Parameters.Add("$author", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        var sent = command.Parameters.Add("$sent", SqliteType.Integer);
        var client = command.Parameters.Add("$client", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Integer);
        var target = command.Parameters.Add("$target", SqliteType.Integer);
        var edited = command.Parameters.Add("$edited", SqliteType.Integer);
        var deleted = command.Parameters.Add("$deleted", SqliteType.Integer);
        var reactions = command.Parameters.Add("$reactions", SqliteType.Text);
        command.Prepare();
        SqliteCommand? update = null;
        foreach (var message in messages)
        {
            room.Value = message.RoomId;
            seq.Value = message.Seq;
            id.Value = message.Id.ToString("D");
            author.Value = message.Author;
            name.Value = message.AuthorName;
            body.Value = message.Text;
            sent.Value = message.SentAt.ToUnixTimeMilliseconds();
            client.Value = message.ClientMessageId;
            kind.Value = (int)message.Kind;
            target.Value = message.IsMessage ? DBNull.Value : message.TargetSeq;
            edited.Value = message.EditedAt is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value;
            deleted.Value = message.Deleted ? 1 : 0;
            reactions.Value = (object?)ReactionsJson.Write(message.Reactions) ?? DBNull.Value;
            command.ExecuteNonQuery();
            if (!message.IsMessage)
            {
                // The event row carries its message's whole new state: the message is rewritten to it in place.
                update ??= PrepareUpdate(connection, transaction);
                update.Parameters["$room"].Value = message.RoomId;
                update.Parameters["$target"].Value = message.TargetSeq;
                update.Parameters["$body"].Value = message.Text;
                update.Parameters["$edited"].Value = edited.Value;
                update.Parameters["$deleted"].Value = deleted.Value;
                update.Parameters["$reactions"].Value = reactions.Value;
                update.Parameters["$changed"].Value = message.Seq;
                update.ExecuteNonQuery();
            }
        }

        update?.Dispose();
        transaction.Commit();
    }

    private static SqliteCommand PrepareUpdate(SqliteConnection connection, SqliteTransaction transaction)
    {
        var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE chapp_messages SET body = $body, edited_at = $edited, deleted = $deleted, " +
            "reactions = $reactions, changed_seq = $changed WHERE room_id = $room AND seq = $target AND kind = 0";
        update.Parameters.Add("$room", SqliteType.Text);
        update.Parameters.Add("$target", SqliteType.Integer);
        update.Parameters.Add("$body", SqliteType.Text);
        update.Parameters.Add("$edited", SqliteType.Integer);
        update.Parameters.Add("$deleted", SqliteType.Integer);
        update.Parameters.Add("$reactions", SqliteType.Text);
        update.Parameters.Add("$changed", SqliteType.Integer);
        update.Prepare();
        return update;
    }
}
