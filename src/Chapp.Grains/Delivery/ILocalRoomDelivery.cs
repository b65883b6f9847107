namespace Chapp.Grains;

/// <summary>
/// The shortcut from a room grain to this process's own delivery: right after a commit the grain offers the stored
/// rows here, so browsers connected to the process that hosts the room hear them without the stream's hops. While
/// another process may be listening the room stream carries every batch too, and stays the authority; while none can
/// (<see cref="IRoomStreamAudience"/>), this is the only path.
/// </summary>
/// <remarks>
/// The default does nothing (a silo without a web side, such as a test cluster's). The web side takes a batch only
/// where it has the room's feed open, and, unless the batch is <c>only</c>, only when it continues what that feed
/// already passed on.
/// </remarks>
public interface ILocalRoomDelivery
{
    /// <summary>
    /// Offers <paramref name="rows"/> (consecutive seqs of <paramref name="roomId"/>, already stored) to this process's
    /// feed of the room. <paramref name="only"/>: the stream will not carry them, so the feed passes them on even past a
    /// gap (its clients fill a gap from the log). Must not block and must not throw: it runs in the grain's turn.
    /// </summary>
    void Offer(string roomId, IReadOnlyList<ChatMessage> rows, bool only);

    /// <summary>
    /// True when this process's feed of <paramref name="roomId"/>, the one that subscribed to the room stream with
    /// <paramref name="subscriptionTag"/> as its filter data, has already passed <paramref name="seq"/> on (the
    /// shortcut brought it): the stream's copy would only be dropped there. The stream's filter asks this before the
    /// pulling agent delivers, so such a copy costs no delivery call. False for any other feed, process or tag.
    /// </summary>
    bool HasPassed(string roomId, long seq, string subscriptionTag);
}
