using Microsoft.Extensions.Logging;

namespace Chapp.Grains;

/// <summary>Posting: the pending queue and the commit loop, the room log's one writer.</summary>
public sealed partial class ChatRoomGrain
{
    /// <inheritdoc />
    public Task<ChatMessage> Post(string author, string authorName, string text, string clientMessageId)
    {
        author = ChatRules.UserName(author);
        RequireReader(author);
        text = ChatRules.MessageText(text);
        clientMessageId = ChatRules.ClientMessageId(clientMessageId);
        authorName = ChatRules.ShownName(authorName, author);

        var key = new MessageKey(author, clientMessageId);
        if (_recent.TryGet(key, out var stored))
        {
            return Task.FromResult(stored);
        }

        var post = new PendingPost(key, authorName, text);
        _pending.Add(post);
        if (!_committing)
        {
            _committing = true;
            _ = CommitLoop();
        }

        return post.Completion;
    }

    private async Task CommitLoop()
    {
        try
        {
            while (_pending.Count > 0)
            {
                var batch = _pending.ToArray();
                _pending.Clear();
                if (_resyncNeeded && !await TryResync())
                {
                    FailAsUnavailable(batch);
                    continue;
                }

                await Commit(batch);
            }
        }
        finally
        {
            _committing = false;
        }
    }

    private async Task Commit(PendingPost[] batch)
    {
        // A retry may sit in the same batch as its original, or be older than what memory holds.
        var fresh = new List<PendingPost>(batch.Length);
        var followers = new List<PendingPost>();
        var firstByKey = new Dictionary<MessageKey, PendingPost>();
        foreach (var post in batch)
        {
            if (_recent.TryGet(post.Key, out var known))
            {
                post.Complete(known);
            }
            else if (!firstByKey.TryAdd(post.Key, post))
            {
                followers.Add(post);
            }
            else
            {
                fresh.Add(post);
            }
        }

        if (fresh.Count == 0)
        {
            CompleteFollowers(followers, firstByKey);
            return;
        }

        List<ChatMessage> created;
        try
        {
            created = Number(fresh);
            try
            {
                await _log.AppendAsync(created);
            }
            catch (DuplicateMessageException)
            {
                // A retry of a message older than memory holds (say, sent before a restart): answer it with the
                // stored original and number the rest again, so the sequence keeps no gap.
                var older = await _log.FindByClientIdsAsync(_roomId, fresh.Select(p => p.Key).ToArray());
                foreach (var message in older)
                {
                    var original = firstByKey[MessageKey.Of(message)];
                    original.Complete(message);
                    fresh.Remove(original);
                }

                created = Number(fresh);
                if (created.Count > 0)
                {
                    await _log.AppendAsync(created);
                }
            }
        }
        catch (Exception error)
        {
            LogCommitFailed(error, _roomId, _lastSeq + 1);
            // The commit may have reached the log before the error: nothing may be numbered again until we know.
            _resyncNeeded = true;
            FailAsUnavailable(fresh.Concat(followers));
            return;
        }

        _lastSeq += created.Count;
        _recent.Add(created);
        for (var i = 0; i < created.Count; i++)
        {
            fresh[i].Complete(created[i]);
        }

        CompleteFollowers(followers, firstByKey);
        await Publish(created);
    }

    /// <summary>
    /// Reads back what the log holds after the last seq this activation knows, so a batch that was committed although
    /// its commit reported an error keeps its numbers, answers its retries, and reaches subscribers (once, in order).
    /// </summary>
    private async Task<bool> TryResync()
    {
        try
        {
            for (;;)
            {
                var stored = await _log.ReadAfterAsync(_roomId, _lastSeq, ChatRules.MaxPageSize);
                if (stored.Count == 0)
                {
                    break;
                }

                _lastSeq = stored[^1].Seq;
                _recent.Add(stored);
                await Publish(stored.ToList());
            }

            _resyncNeeded = false;
            return true;
        }
        catch (Exception error)
        {
            LogCommitFailed(error, _roomId, _lastSeq + 1);
            return false;
        }
    }

    private static void FailAsUnavailable(IEnumerable<PendingPost> posts)
    {
        foreach (var post in posts)
        {
            post.Fail(new ChatException(ChatErrorCode.Unavailable, "The message could not be stored yet. Sending it again stores it once."));
        }
    }

    private List<ChatMessage> Number(List<PendingPost> posts)
    {
        // Whole milliseconds: what every log stores, so a message reads back equal to what Post returned.
        var utc = _clock.GetUtcNow().UtcTicks;
        var now = new DateTimeOffset(utc - utc % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var messages = new List<ChatMessage>(posts.Count);
        foreach (var post in posts)
        {
            messages.Add(new ChatMessage(_roomId, _lastSeq + 1 + messages.Count, Guid.NewGuid(), post.Key.Author,
                post.AuthorName, post.Text, now, post.Key.ClientMessageId));
        }

        return messages;
    }

    private static void CompleteFollowers(List<PendingPost> followers, Dictionary<MessageKey, PendingPost> firstByKey)
    {
        foreach (var follower in followers)
        {
            var first = firstByKey[follower.Key].Completion;
            if (first.IsCompletedSuccessfully)
            {
                follower.Complete(first.Result);
            }
        }
    }

    private async Task Publish(List<ChatMessage> created)
    {
        if (created.Count == 0)
        {
            return;
        }

        try
        {
            // Stored already: a message lost here is filled in by clients from the log when they see the gap.
            await _stream!.OnNextBatchAsync(created);
        }
        catch (Exception error)
        {
            LogPublishFailed(error, _roomId, created[0].Seq);
        }

        TellMentioned(created);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId} could not store messages from seq {FirstSeq}")]
    private partial void LogCommitFailed(Exception error, string roomId, long firstSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} stored but could not publish messages from seq {FirstSeq}")]
    private partial void LogPublishFailed(Exception error, string roomId, long firstSeq);
}
