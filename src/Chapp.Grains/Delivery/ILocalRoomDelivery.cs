namespace Chapp.Grains;

/// <summary>
/// The shortcut from a room grain to this process's own delivery: right after a commit the grain offers the stored
/// rows here, so browsers connected to the process that hosts the room hear them without the stream's hops. The room
/// stream still carries every batch; it stays the authority and the only path to other processes.
/// </summary>
/// <remarks>
/// The default does nothing (a silo without a web side, such as a test cluster's). The web side takes a batch only
/// where it has the room's feed open and only when the batch continues what that feed already passed on.
/// </remarks>
public interface ILocalRoomDelivery
{
    /// <summary>
    /// Offers <paramref name="rows"/> (consecutive seqs of <paramref name="roomId"/>, already stored) to this process's
    /// feed of the room. Must not block and must not throw: it runs in the grain's turn, before the publish.
    /// </summary>
    void Offer(string roomId, IReadOnlyList<ChatMessage> rows);

    /// <summary>
    /// True when this process's feed of <paramref name="roomId"/>, the one that subscribed to the room stream with
    /// <paramref name="subscriptionTag"/> as its filter data, has already passed <paramref name="seq"/> on (the
    /// shortcut brought it): the stream's copy would only be dropped there. The stream's filter asks this before the
    /// pulling agent delivers, so such a copy costs no delivery call. False for any other feed, process or tag.
    /// </summary>
    bool HasPassed(string roomId, long seq, string subscriptionTag);
}
