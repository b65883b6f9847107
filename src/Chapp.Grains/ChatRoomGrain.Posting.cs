using Chapp.Grains.Tracing;
using Microsoft.Extensions.Logging;

namespace Chapp.Grains;

/// <summary>
/// Posting: the pending queue and the commit loop, the room log's one writer. Posts and events (edits, deletes,
/// reactions) share the queue, so a batch may mix them and seq order is commit order.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <inheritdoc />
    public Task<ChatMessage> Post(string author, string authorName, string text, string clientMessageId)
    {
        PostTrace.Mark(clientMessageId, PostHop.GrainEntry);
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

        return Enqueue(new PendingPost(key, authorName, text));
    }

    private Task<ChatMessage> Enqueue(PendingChange change)
    {
        _pending.Add(change);
        if (!_committing)
        {
            _committing = true;
            _ = CommitLoop();
        }

        return change.Completion;
    }

    private async Task CommitLoop()
    {
        try
        {
            while (_pending.Count > 0)
            {
                // Two lists take turns: what arrives during this commit queues in the other one, and no batch copies.
                var batch = _pending;
                (_pending, _spare) = (_spare, batch);
                try
                {
                    if (_resyncNeeded && !await TryResync())
                    {
                        FailAsUnavailable(batch);
                        continue;
                    }

                    await Commit(batch);
                }
                finally
                {
                    batch.Clear();
                }
            }
        }
        finally
        {
            _committing = false;
        }
    }

    private async Task Commit(List<PendingChange> batch)
    {
        // A retry may sit in the same batch as its original, or be older than what memory holds. Posts and events keep
        // their arrival order: seq order is commit order. The index by key is needed only when a batch holds two posts.
        var work = new List<PendingChange>(batch.Count);
        List<PendingPost>? followers = null;
        var firstByKey = batch.Count > 1 ? new Dictionary<MessageKey, PendingPost>(batch.Count) : null;
        foreach (var change in batch)
        {
            if (change is not PendingPost post)
            {
                work.Add(change);
            }
            else if (_recent.TryGet(post.Key, out var known))
            {
                post.Complete(known);
            }
            else if (firstByKey is not null && !firstByKey.TryAdd(post.Key, post))
            {
                (followers ??= []).Add(post);
            }
            else
            {
                work.Add(post);
            }
        }

        if (work.Count == 0)
        {
            CompleteFollowers(followers, firstByKey);
            return;
        }

        CommitPlan plan;
        try
        {
            // Only events read here (the messages they change, when memory no longer holds them): a post adds no query.
            var targets = await LoadTargets(work);
            plan = Plan(work, targets);
            try
            {
                PostTrace.Mark(plan.Rows, PostHop.CommitStart);
                await Append(plan.Rows);
                PostTrace.Mark(plan.Rows, PostHop.GrainResumed);
            }
            catch (DuplicateMessageException)
            {
                // A retry of a message older than memory holds (say, sent before a restart): answer it with the
                // stored original and number the rest again, so the sequence keeps no gap.
                var older = await _log.FindByClientIdsAsync(_roomId, work.OfType<PendingPost>().Select(p => p.Key).ToArray());
                foreach (var message in older)
                {
                    var key = MessageKey.Of(message);
                    var original = work.OfType<PendingPost>().First(p => p.Key == key);
                    original.Complete(message);
                    work.Remove(original);
                }

                plan = Plan(work, targets);
                await Append(plan.Rows);
            }
        }
        catch (Exception error)
        {
            LogCommitFailed(error, _roomId, _lastSeq + 1);
            // The commit may have reached the log before the error: nothing may be numbered again until we know.
            _resyncNeeded = true;
            FailAsUnavailable(followers is null ? work : work.Concat(followers));
            return;
        }

        _lastSeq += plan.Rows.Count;
        _recent.Add(plan.Rows);
        plan.Answer();
        CompleteFollowers(followers, firstByKey);
        Deliver(plan.Rows);
        PostTrace.Mark(plan.Rows, PostHop.Offered);
    }

    private Task Append(List<ChatMessage> rows) => rows.Count > 0 ? _log.AppendAsync(rows) : Task.CompletedTask;

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
                Deliver(stored.ToList());
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

    private static void FailAsUnavailable(IEnumerable<PendingChange> changes)
    {
        foreach (var change in changes)
        {
            change.Fail(new ChatException(ChatErrorCode.Unavailable, "The change could not be stored yet. Sending it again stores it once."));
        }
    }

    // Whole milliseconds: what every log stores, so a row reads back equal to what the call returned.
    private DateTimeOffset Now()
    {
        var utc = _clock.GetUtcNow().UtcTicks;
        return new DateTimeOffset(utc - utc % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    private static void CompleteFollowers(List<PendingPost>? followers, Dictionary<MessageKey, PendingPost>? firstByKey)
    {
        if (followers is null)
        {
            return;
        }

        foreach (var follower in followers)
        {
            var first = firstByKey![follower.Key].Completion;
            if (first.IsCompletedSuccessfully)
            {
                follower.Complete(first.Result);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId} could not store messages from seq {FirstSeq}")]
    private partial void LogCommitFailed(Exception error, string roomId, long firstSeq);
}
