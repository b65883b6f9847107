namespace Chapp.Grains;

/// <summary>History reads: pages from memory when it holds them, from the log otherwise.</summary>
public sealed partial class ChatRoomGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> GetLatest(string reader, int count)
    {
        RequireReader(ChatRules.UserName(reader));
        ChatRules.PageSize(count);
        if (_recent.Count >= count || _recent.HoldsAll(_lastSeq))
        {
            return _recent.Latest(count);
        }

        return await _log.ReadLatestAsync(_roomId, count);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessage>> GetBefore(string reader, long beforeSeq, int count)
    {
        RequireReader(ChatRules.UserName(reader));
        ChatRules.PageSize(count);
        if (_recent.HoldsAll(_lastSeq) || beforeSeq - count >= _recent.FirstSeq(_lastSeq))
        {
            return _recent.Before(beforeSeq, count);
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
