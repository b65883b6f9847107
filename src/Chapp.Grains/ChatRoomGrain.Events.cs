namespace Chapp.Grains;

/// <summary>
/// Events that change a message (edit, delete, reaction). Each is numbered and stored by the commit loop like a post
/// and changes its message in place in the same transaction; what it does is decided there, in seq order, against
/// the message as the events before it left it. A change that changes nothing stores nothing.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <inheritdoc />
    public Task<ChatMessage> Edit(string author, long seq, string text)
    {
        author = ChatRules.UserName(author);
        RequireReader(author);
        text = ChatRules.MessageText(text);
        return Enqueue(new PendingEvent(RoomEventKind.Edit, author, RequireSeq(seq), text: text));
    }

    /// <inheritdoc />
    public Task<ChatMessage> Delete(string author, long seq)
    {
        author = ChatRules.UserName(author);
        RequireReader(author);
        return Enqueue(new PendingEvent(RoomEventKind.Delete, author, RequireSeq(seq)));
    }

    /// <inheritdoc />
    public Task<ChatMessage> React(string user, long seq, string emoji, bool on, string? userDisplayName = null)
    {
        user = ChatRules.UserName(user);
        RequireReader(user);
        emoji = ChatRules.Emoji(emoji);
        return Enqueue(new PendingEvent(RoomEventKind.Reaction, user, RequireSeq(seq), emoji: emoji, on: on,
            actorName: ChatRules.ShownName(userDisplayName, user)));
    }

    private long RequireSeq(long seq) => seq >= 1 && seq <= _lastSeq ? seq : throw NoSuchMessage(seq);

    private static ChatException NoSuchMessage(long seq) => new(ChatErrorCode.Invalid, $"There is no message {seq} in this room.");

    // In the commit loop, the log's one writer: what it reads here is current until this commit stores.
    // A batch of posts only (the common case) reads nothing and allocates nothing here.
    private Task<Dictionary<long, ChatMessage?>?> LoadTargets(List<PendingChange> work)
    {
        foreach (var change in work)
        {
            if (change is PendingEvent)
            {
                return LoadEventTargets(work)!;
            }
        }

        return NoTargets;
    }

    private static readonly Task<Dictionary<long, ChatMessage?>?> NoTargets = Task.FromResult<Dictionary<long, ChatMessage?>?>(null);

    private async Task<Dictionary<long, ChatMessage?>> LoadEventTargets(List<PendingChange> work)
    {
        var targets = new Dictionary<long, ChatMessage?>();
        foreach (var change in work.OfType<PendingEvent>())
        {
            var seq = change.TargetSeq;
            if (targets.ContainsKey(seq))
            {
                continue;
            }

            if (_recent.TryGet(seq, out var held))
            {
                targets[seq] = held;
                continue;
            }

            var read = await _log.ReadAfterAsync(_roomId, seq - 1, 1);
            targets[seq] = read.Count == 1 && read[0].Seq == seq ? read[0] : null;
        }

        return targets;
    }

    private CommitPlan Plan(List<PendingChange> work, Dictionary<long, ChatMessage?>? targets)
    {
        var now = Now();
        // Only events look messages up (a batch of posts has no targets): the copy is made for the first event.
        Dictionary<long, ChatMessage?>? current = null;
        var plan = new CommitPlan(work.Count);
        foreach (var change in work)
        {
            var seq = _lastSeq + 1 + plan.Rows.Count;
            if (change is PendingPost post)
            {
                plan.Store(post, new ChatMessage(_roomId, seq, Guid.NewGuid(), post.Key.Author, post.AuthorName, post.Text, now,
                    post.Key.ClientMessageId, ChangedSeq: seq));
                continue;
            }

            var evt = (PendingEvent)change;
            current ??= new Dictionary<long, ChatMessage?>(targets!);
            try
            {
                // The seq of an event row names no message: refused like a seq that does not exist.
                var target = current.GetValueOrDefault(evt.TargetSeq) is { IsMessage: true } found
                    ? found
                    : throw NoSuchMessage(evt.TargetSeq);
                var after = Apply(evt, target, now);
                if (after is null)
                {
                    plan.Unchanged(evt, target);
                    continue;
                }

                // Event rows get a client id no client can send ('~' is not allowed), unique by its seq.
                var row = new ChatMessage(_roomId, seq, Guid.NewGuid(), evt.Actor,
                    evt.Kind == RoomEventKind.Reaction ? evt.ActorName : target.AuthorName, after.Text, now, "~" + seq,
                    evt.Kind, target.Seq, after.EditedAt, after.Deleted, after.Reactions, seq);
                current[target.Seq] = target.With(row);
                plan.Store(evt, row);
            }
            catch (ChatException refusal)
            {
                plan.Refuse(evt, refusal);
            }
        }

        return plan;
    }

    /// <summary>The message as <paramref name="change"/> leaves it; null when it changes nothing.</summary>
    private ChatMessage? Apply(PendingEvent change, ChatMessage message, DateTimeOffset now)
    {
        var own = string.Equals(change.Actor, message.Author, StringComparison.OrdinalIgnoreCase);
        switch (change.Kind)
        {
            case RoomEventKind.Edit:
                Refuse(!own, "You can only edit your own messages.");
                Refuse(message.Deleted, "A deleted message cannot be edited.");
                if (message.Text == change.Text)
                {
                    return null; // a retry of an edit that is stored already
                }

                Refuse(now - message.SentAt > _options.EditWindow,
                    $"A message can be edited only within {Describe(_options.EditWindow)} of sending it.");
                return message with { Text = change.Text, EditedAt = now };

            case RoomEventKind.Delete:
                Refuse(!own, "You can only delete your own messages.");
                return message.Deleted ? null : message with { Text = "", Deleted = true, Reactions = null };

            case RoomEventKind.Reaction:
                Refuse(message.Deleted, "A deleted message cannot get reactions.");
                var reactions = MessageReactions.Toggle(message.Reactions, change.Emoji, change.Actor, change.On,
                    _options.MaxReactionsPerUser, _options.MaxReactionsPerMessage);
                return reactions is null ? null : message with { Reactions = reactions.Count == 0 ? null : reactions };

            default:
                throw new InvalidOperationException($"Unknown event kind {change.Kind}.");
        }
    }

    private static void Refuse(bool refused, string message)
    {
        if (refused)
        {
            throw new ChatException(ChatErrorCode.Invalid, message);
        }
    }

    private static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? Count(window.TotalHours, "hour")
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? Count(window.TotalMinutes, "minute")
        : Count(Math.Round(window.TotalSeconds), "second");

    private static string Count(double n, string unit) => n == 1 ? $"1 {unit}" : $"{n:0} {unit}s";
}
