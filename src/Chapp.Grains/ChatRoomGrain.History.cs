namespace Chapp.Grains;

/// <summary>
/// History reads, from memory when it holds the answer, from the log otherwise. Pages (latest, before) are messages
/// only, in their current state; "after" is every row, events too, so resuming and gap filling stay gap-free.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> GetLatest(string reader, int count)
    {
        RequireReader(ChatRules.UserName(reader));
        ChatRules.PageSize(count);
        var held = _recent.Latest(count);
        if (held.Length == count || _recent.HoldsAll(_lastSeq))
        {
            return held;
        }

        return await _log.ReadLatestAsync(_roomId, count);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> GetBefore(string reader, long beforeSeq, int count)
    {
        RequireReader(ChatRules.UserName(reader));
        ChatRules.PageSize(count);
        // Memory is contiguous up to the newest row, so a full page from it is the nearest page.
        var held = _recent.Before(beforeSeq, count);
        if (held.Length == count || _recent.HoldsAll(_lastSeq))
        {
            return held;
        }

        return await _log.ReadBeforeAsync(_roomId, beforeSeq, count);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> GetAfter(string reader, long afterSeq, int count)
    {
        RequireReader(ChatRules.UserName(reader));
        ChatRules.PageSize(count);
        if (_recent.HoldsAll(_lastSeq) || afterSeq + 1 >= _recent.FirstSeq(_lastSeq))
        {
            return _recent.After(afterSeq, count);
        }

        return await _log.ReadAfterAsync(_roomId, afterSeq, count);
    }
}
