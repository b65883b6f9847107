using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Chapp.Grains;

/// <summary>
/// The inbox side of the user grain: read positions, mentions and the numbered user events. Unread counts are not
/// stored: the message log counts them from the read position when the inbox is read (one query for all the user's
/// rooms: others' messages, not events, capped), so a new message costs nothing per room member.
/// </summary>
public sealed partial class UserGrain
{
    /// <summary>How many recent user events are kept for resuming; an older resume point gets a reset.</summary>
    public const int MaxEvents = 200;

    /// <summary>Most unread mentions counted per room: nobody can inflate a badge without bound.</summary>
    public const int MaxMentionsPerRoom = 20;

    /// <inheritdoc />
    public async Task<Inbox> GetInbox()
    {
        await CopyMissingRooms();
        await RefreshPublicTopics();
        var rooms = state.State.Rooms.Where(state.State.Inbox.ContainsKey).ToArray();
        var entries = await Entries(rooms);
        return new Inbox(state.State.EventSeq, rooms.Select(id => entries[id]).ToArray());
    }

    /// <inheritdoc />
    public async Task<UserEvents> GetEvents(long afterSeq)
    {
        if (afterSeq < 0)
        {
            throw new ChatException(ChatErrorCode.Invalid, "A user event seq cannot be negative.");
        }

        var events = state.State.Events;
        var oldestKept = events.Count > 0 ? events[0].Seq : state.State.EventSeq + 1;
        if (afterSeq > state.State.EventSeq || afterSeq < oldestKept - 1)
        {
            return new UserEvents([], Reset: true);
        }

        var wanted = events.Where(e => e.Seq > afterSeq).ToArray();
        var entries = await Entries(wanted.Select(e => e.RoomId).Where(state.State.Inbox.ContainsKey).Distinct().ToArray());
        return new UserEvents(
            wanted.Select(e => new UserEvent(e.Seq, e.Kind, e.RoomId, e.Kind == UserEventKinds.Left ? null : entries.GetValueOrDefault(e.RoomId)))
                .ToArray(),
            Reset: false);
    }

    /// <inheritdoc />
    public async Task<InboxEntry?> MarkRead(string roomId, long seq)
    {
        ChatRules.RoomId(roomId);
        if (seq < 0)
        {
            throw new ChatException(ChatErrorCode.Invalid, "A read position cannot be negative.");
        }

        if (!state.State.Inbox.TryGetValue(roomId, out var room))
        {
            return null;
        }

        // Counted from where the reading will stand: nothing is unread between the newest message and a later seq.
        var last = await Last(roomId, Math.Max(seq, room.ReadSeq));
        seq = Math.Min(seq, last?.Seq ?? 0);
        if (seq <= room.ReadSeq)
        {
            return Entry(roomId, room, last);
        }

        room.ReadSeq = seq;
        room.Mentions.RemoveAll(s => s <= seq);
        var record = Record(UserEventKinds.Read, roomId);
        await state.WriteStateAsync();
        var entry = Entry(roomId, room, last);
        await Publish(record, entry);
        return entry;
    }

    /// <inheritdoc />
    public async Task Mentioned(ChatMessage message)
    {
        // Only a room the user may read is in the list (JoinRoom checks), so no post elsewhere can reach the badge.
        if (!state.State.Inbox.TryGetValue(message.RoomId, out var room)
            || string.Equals(message.Author, UserName, StringComparison.OrdinalIgnoreCase)
            || message.Seq <= room.ReadSeq
            || room.Mentions.Count >= MaxMentionsPerRoom
            || room.Mentions.Contains(message.Seq))
        {
            return;
        }

        var at = room.Mentions.FindIndex(s => s > message.Seq);
        room.Mentions.Insert(at < 0 ? room.Mentions.Count : at, message.Seq);
        var record = Record(UserEventKinds.Mention, message.RoomId);
        await state.WriteStateAsync();
        var last = await Last(message.RoomId, room.ReadSeq);
        await Publish(record, Entry(message.RoomId, room, last), message);
    }

    // A new event: numbered and kept in the state (the caller writes it), at most MaxEvents.
    private UserEventRecord Record(string kind, string roomId)
    {
        var record = new UserEventRecord(++state.State.EventSeq, kind, roomId);
        state.State.Events.Add(record);
        if (state.State.Events.Count > MaxEvents)
        {
            state.State.Events.RemoveRange(0, state.State.Events.Count - MaxEvents);
        }

        return record;
    }

    // After the write: a client that misses this (the stream is best effort) sees the gap at the next event and
    // asks GetEvents.
    private async Task Publish(UserEventRecord record, InboxEntry? entry = null, ChatMessage? message = null)
    {
        try
        {
            if (entry is null && record.Kind != UserEventKinds.Left && state.State.Inbox.TryGetValue(record.RoomId, out var room))
            {
                entry = Entry(record.RoomId, room, await Last(record.RoomId, room.ReadSeq));
            }

            await this.GetStreamProvider(ChappNames.StreamProvider)
                .GetStream<UserEvent>(StreamId.Create(ChappNames.UserStreamNamespace, NormalizedName))
                .OnNextAsync(new UserEvent(record.Seq, record.Kind, record.RoomId, entry, message));
        }
        catch (Exception error)
        {
            LogPublishFailed(error, NormalizedName, record.Seq);
        }
    }

    private async Task<RoomLast?> Last(string roomId, long readSeq) =>
        (await log.ReadLastAsync(UserName, [new RoomReadPosition(roomId, readSeq)])).FirstOrDefault();

    private async Task<Dictionary<string, InboxEntry>> Entries(IReadOnlyCollection<string> roomIds)
    {
        var lasts = roomIds.Count == 0
            ? new Dictionary<string, RoomLast>()
            : (await log.ReadLastAsync(UserName, roomIds.Select(id => new RoomReadPosition(id, state.State.Inbox[id].ReadSeq)).ToArray()))
                .ToDictionary(l => l.RoomId, StringComparer.Ordinal);
        return roomIds.ToDictionary(id => id, id => Entry(id, state.State.Inbox[id], lasts.GetValueOrDefault(id)), StringComparer.Ordinal);
    }

    private InboxEntry Entry(string roomId, InboxRoomState room, RoomLast? last) => new(
        roomId, room.Name, room.Kind.ToString(), room.Topic, last?.Seq ?? 0, last?.At, room.ReadSeq, room.Mentions.Count,
        room.Label.Length > 0 ? room.Label : RoomLabels.FromName(roomId, room.Name, room.Kind, UserName), last?.Unread ?? 0);

    // Lists made before the inbox existed: each room's copy is made once, here, from the room itself.
    private async Task CopyMissingRooms()
    {
        var missing = state.State.Rooms.Where(id => !state.State.Inbox.ContainsKey(id)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        var infos = await Task.WhenAll(missing.Select(id => GrainFactory.GetRoom(id).GetInfo()));
        for (var i = 0; i < missing.Length; i++)
        {
            if (infos[i] is { } info && info.Admits(UserName))
            {
                var room = state.State.Inbox[missing[i]] = new InboxRoomState { ReadSeq = info.LastSeq };
                Copy(info, room);
            }
            else
            {
                // Gone or no longer readable: it leaves the list quietly.
                state.State.Rooms.Remove(missing[i]);
            }
        }

        await state.WriteStateAsync();
    }

    // A public room's topic may have changed while no process of this user's had the room (nobody told this inbox):
    // one directory call for all the user's public rooms brings the copies up to date.
    private async Task RefreshPublicTopics()
    {
        var publicRooms = state.State.Inbox.Where(r => r.Value.Kind == RoomKind.Public).Select(r => r.Key).ToArray();
        if (publicRooms.Length == 0)
        {
            return;
        }

        var changed = false;
        foreach (var (roomId, topic) in await GrainFactory.GetRoomDirectory().Topics(publicRooms))
        {
            var room = state.State.Inbox[roomId];
            var current = topic.Length == 0 ? null : topic;
            if (room.Topic != current)
            {
                room.Topic = current;
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserName}: stored but could not publish user event {Seq}")]
    private partial void LogPublishFailed(Exception error, string userName, long seq);
}
