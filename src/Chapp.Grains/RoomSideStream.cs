using Orleans.Streams;

namespace Chapp.Grains;

/// <summary>The one way to reach a room's side stream, so its publishers and subscribers agree on id and item type.</summary>
public static class RoomSideStream
{
    /// <summary>
    /// The side stream of <paramref name="roomId"/>. Always typed <see cref="IRoomSideEvent"/>: Orleans allows one item
    /// type per stream in a process, so a publisher typed by its own record would break the feed's subscription.
    /// </summary>
    public static IAsyncStream<IRoomSideEvent> Of(IStreamProvider streams, string roomId) =>
        streams.GetStream<IRoomSideEvent>(StreamId.Create(ChappNames.RoomSideStreamNamespace, roomId));
}
