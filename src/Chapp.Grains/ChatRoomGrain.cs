using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Streams;

namespace Chapp.Grains;

/// <summary>
/// A room: validates posts, numbers them without gaps, appends them to the message log in group commits,
/// then publishes them on the room stream. Keeps the latest messages in memory so live reads and resumes
/// rarely touch the database.
/// </summary>
/// <remarks>
/// Reentrant so that posts arriving while a commit is in flight queue up and go to the log together in the
/// next commit; all state is touched only on the grain's own turn, and the commit loop is the one writer.
/// </remarks>
[Reentrant]
public sealed partial class ChatRoomGrain : Grain, IChatRoomGrain
{
    /// <summary>How many recent messages stay in memory; at least one full history page.</summary>
    internal const int CacheSize = ChatRules.MaxPageSize;

    private readonly IPersistentState<ChatRoomState> _state;
    private readonly IMessageLog _log;
    private readonly TimeProvider _clock;
    private readonly ILogger<ChatRoomGrain> _logger;

    // The newest held is _lastSeq once anything is stored.
    private readonly RecentMessages _recent = new(CacheSize);
    private readonly List<PendingPost> _pending = [];
    private bool _committing;
    private Task? _creating;

    // Set when a commit failed: the log may hold that batch or not, so the next commit first reads back what it holds.
    private bool _resyncNeeded;
    private long _lastSeq;
    private string _roomId = string.Empty;
    private IAsyncStream<ChatMessage>? _stream;
    private IAsyncStream<RoomChanged>? _changes;

    // Reentrant: one state write at a time, or two interleaved writes would race on the etag.
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Created by Orleans.</summary>
    public ChatRoomGrain(
        [PersistentState("room", ChappNames.GrainStorage)] IPersistentState<ChatRoomState> state,
        IMessageLog log,
        TimeProvider clock,
        ILogger<ChatRoomGrain> logger)
    {
        _state = state;
        _log = log;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roomId = ChappGrainFactoryExtensions.StripPrefix(this.GetPrimaryKeyString(), ChappGrainFactoryExtensions.RoomKeyPrefix);
        _stream = this.GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<ChatMessage>(StreamId.Create(ChappNames.RoomStreamNamespace, _roomId));
        _changes = this.GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<RoomChanged>(StreamId.Create(ChappNames.RoomInfoStreamNamespace, _roomId));

        if (!_state.RecordExists && _roomId == ChappNames.LobbyRoomId)
        {
            await CreateState("Lobby", RoomKind.Public, "system", []);
        }

        var latest = await _log.ReadLatestAsync(_roomId, CacheSize, cancellationToken);
        _recent.Add(latest);
        _lastSeq = Math.Max(_state.State.NextSeq - 1, latest.Count > 0 ? latest[^1].Seq : 0);
        ChappMetrics.ActiveRooms.Add(1);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ChappMetrics.ActiveRooms.Add(-1);
        if (_state.RecordExists && _state.State.NextSeq <= _lastSeq)
        {
            await _writes.WaitAsync(cancellationToken);
            try
            {
                _state.State.NextSeq = _lastSeq + 1;
                await _state.WriteStateAsync(cancellationToken);
            }
            finally
            {
                _writes.Release();
            }
        }
    }

    /// <inheritdoc />
    public async Task<RoomInfo> Create(string name, RoomKind kind, string createdBy, IReadOnlyList<string> members)
    {
        name = ChatRules.RoomName(name);
        createdBy = ChatRules.UserName(createdBy);
        List<string> memberList;
        if (kind == RoomKind.Public)
        {
            // Separate key spaces: a public room can never hold the id of somebody's conversation.
            ChatRules.PublicRoomId(_roomId);
            memberList = [];
        }
        else
        {
            memberList = members.Select(ChatRules.UserName).Prepend(createdBy).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (memberList.Count != 2)
            {
                throw new ChatException(ChatErrorCode.Invalid, "A conversation is between two people.");
            }

            if (_roomId != DirectRooms.RoomId(memberList[0], memberList[1]))
            {
                throw new ChatException(ChatErrorCode.Invalid, "A conversation's address is made from its two members' names.");
            }
        }

        // Reentrant: concurrent creators (two people opening their conversation at once, a double-submitted form)
        // share the one in-flight creation instead of each writing state and losing on the etag.
        while (!_state.RecordExists)
        {
            var creation = _creating ??= CreateNew(name, kind, createdBy, memberList);
            try
            {
                await creation;
            }
            finally
            {
                if (ReferenceEquals(_creating, creation))
                {
                    _creating = null;
                }
            }
        }

        if (kind == RoomKind.Private && !IsConversationOf(memberList))
        {
            // Only a room made before public ids were kept out of this key space can get here.
            throw new ChatException(ChatErrorCode.Invalid, "This conversation's address is taken by another room; it cannot be opened.");
        }

        return Info();
    }

    private bool IsConversationOf(List<string> members) =>
        _state.State.Kind == RoomKind.Private
        && _state.State.Members.Count == members.Count
        && members.All(m => _state.State.Members.Contains(m, StringComparer.OrdinalIgnoreCase));

    private async Task CreateNew(string name, RoomKind kind, string createdBy, List<string> members)
    {
        await CreateState(name, kind, createdBy, members);

        if (kind == RoomKind.Public)
        {
            await GrainFactory.GetRoomDirectory().Add(new RoomSummary(_roomId, name));
        }
        else
        {
            // Members see a new conversation in their room list without having to open it first.
            await Task.WhenAll(members.Select(m => GrainFactory.GetUser(m).JoinRoom(_roomId)));
        }
    }

    /// <inheritdoc />
    public Task<RoomInfo?> GetInfo() => Task.FromResult(_state.RecordExists ? Info() : null);

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

    private async Task CreateState(string name, RoomKind kind, string createdBy, List<string> members)
    {
        _state.State = new ChatRoomState
        {
            Name = name,
            Kind = kind,
            CreatedBy = createdBy,
            CreatedAt = _clock.GetUtcNow(),
            Members = members,
            NextSeq = _lastSeq + 1,
        };
        await _state.WriteStateAsync();
    }

    private void RequireReader(string userName)
    {
        if (!_state.RecordExists)
        {
            throw new ChatException(ChatErrorCode.RoomNotFound, $"There is no room '{_roomId}'.");
        }

        if (_state.State.Kind == RoomKind.Private && !_state.State.Members.Contains(userName, StringComparer.OrdinalIgnoreCase))
        {
            // Word for word what a missing room answers: a conversation's existence is nobody else's business.
            throw new ChatException(ChatErrorCode.RoomNotFound, $"There is no room '{_roomId}'.");
        }
    }

    private RoomInfo Info() => new(_roomId, _state.State.Name, _state.State.Kind, _state.State.CreatedBy,
        _state.State.CreatedAt, _state.State.Members.ToArray(), _lastSeq, _state.State.Topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId} could not store messages from seq {FirstSeq}")]
    private partial void LogCommitFailed(Exception error, string roomId, long firstSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} stored but could not publish messages from seq {FirstSeq}")]
    private partial void LogPublishFailed(Exception error, string roomId, long firstSeq);
}
