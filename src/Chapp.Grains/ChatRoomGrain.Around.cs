namespace Chapp.Grains;

/// <summary>History around one message, for opening a room at a search result.</summary>
public sealed partial class ChatRoomGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> GetAround(string reader, long seq, int count)
    {
        ChatRules.PageSize(count);
        if (seq < 1)
        {
            throw new ChatException(ChatErrorCode.Invalid, "A message number starts at 1.");
        }

        // The message itself and the half before it, then the rest after it; both reads check the reader and use
        // the in-memory recent messages when they hold the range.
        var older = await GetBefore(reader, seq + 1, Math.Max(1, count / 2 + 1));
        // GetAfter returns events too (for resuming); around a message the page shows messages, in current state.
        var newer = count > older.Count ? await GetAfter(reader, seq, count - older.Count) : [];
        return [.. older, .. newer.Where(m => m.Kind == RoomEventKind.Message)];
    }
}
