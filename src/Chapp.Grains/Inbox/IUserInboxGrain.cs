using Orleans.Concurrency;

namespace Chapp.Grains;

/// <summary>
/// A user's inbox, kept by the same grain as the account (<see cref="IUserGrain"/>, same key): per room of the list
/// the read position and unread mentions, and the user's event stream. Every change is one <see cref="UserEvent"/>,
/// numbered per user, kept (the latest <see cref="UserGrain.MaxEvents"/>) for resuming and published on the stream
/// <see cref="ChappNames.UserStreamNamespace"/> keyed by the normalized user name.
/// Get one with <see cref="ChappGrainFactoryExtensions.GetUserInbox"/>.
/// </summary>
[Alias("Chapp.IUserInboxGrain")]
public interface IUserInboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// The user's rooms as of the latest user event, with each room's last seq and time from one message-log query.
    /// </summary>
    [Alias("GetInbox")]
    Task<Inbox> GetInbox();

    /// <summary>
    /// The events after <paramref name="afterSeq"/> (at most <see cref="UserGrain.MaxEvents"/>), each with the room's
    /// entry as it is now; <see cref="UserEvents.Reset"/> when they are no longer all kept.
    /// </summary>
    [Alias("GetEvents")]
    Task<UserEvents> GetEvents(long afterSeq);

    /// <summary>
    /// Moves the read position of <paramref name="roomId"/> up to <paramref name="seq"/> (never back, never past the
    /// room's last stored message), clears the mentions up to it and emits <see cref="UserEventKinds.Read"/> when it
    /// moved. Returns the room's entry, or null when the room is not in the user's list.
    /// </summary>
    [Alias("MarkRead")]
    Task<InboxEntry?> MarkRead(string roomId, long seq);

    /// <summary>
    /// Tells the user that <paramref name="message"/> names them. Counted (and <see cref="UserEventKinds.Mention"/>
    /// emitted) only when the room is in the user's list, the message is unread, not the user's own, and the room has
    /// fewer than <see cref="UserGrain.MaxMentionsPerRoom"/> unread mentions. One-way: the poster never waits for it.
    /// </summary>
    [Alias("Mentioned"), OneWay]
    Task Mentioned(ChatMessage message);

    /// <summary>
    /// Re-reads the room's name, kind and topic after the room changed them, and emits <see cref="UserEventKinds.Room"/>
    /// when the user's copy differed. Nothing happens for a room not in the list.
    /// </summary>
    [Alias("RoomChanged")]
    Task RoomChanged(string roomId);
}
