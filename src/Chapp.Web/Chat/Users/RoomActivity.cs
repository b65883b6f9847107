using Chapp.Grains;

namespace Chapp.Web.Chat.Users;

/// <summary>
/// The <c>"activity"</c> frame: what a batch of a room's log means to the sidebar of a reader who does not have the room
/// open on that connection. <see cref="Seq"/> and <see cref="At"/> are the batch's last message (0 when it has none);
/// <see cref="Messages"/> the new messages and <see cref="Deleted"/> the messages the batch deleted, each as seq and author,
/// so the client counts unread messages by others exactly as the server does (<see cref="InboxEntry.Unread"/>). Edits and
/// reactions are not in it: they are not new messages. The text itself is not sent.
/// </summary>
public sealed record RoomActivity(string RoomId, long Seq, DateTimeOffset At, IReadOnlyList<ActivityMessage> Messages, IReadOnlyList<ActivityMessage> Deleted)
{
    /// <summary>The frame for <paramref name="batch"/>, or null when it holds nothing the sidebar counts.</summary>
    public static RoomActivity? From(string roomId, IReadOnlyList<ChatMessage> batch)
    {
        List<ActivityMessage>? messages = null, deleted = null;
        ChatMessage? last = null;
        foreach (var row in batch)
        {
            if (row.IsMessage)
            {
                (messages ??= []).Add(new ActivityMessage(row.Seq, row.Author));
                last = row;
            }
            else if (row.Kind == RoomEventKind.Delete)
            {
                (deleted ??= []).Add(new ActivityMessage(row.TargetSeq, row.Author));
            }
        }

        return messages is null && deleted is null
            ? null
            : new RoomActivity(roomId, last?.Seq ?? 0, last?.SentAt ?? default, messages ?? [], deleted ?? []);
    }
}
