namespace Chapp.Grains;

/// <summary>
/// Whether a process other than this one may be listening to room streams. While none can, a room grain hands its
/// batches to this process's own feeds alone (<see cref="ILocalRoomDelivery"/>) and leaves the stream out: a publish
/// nobody can receive still costs the stream's queue, its pulling agent and its cache, about a sixth of a post's CPU.
/// </summary>
/// <remarks>
/// A feed that opens in another process tells the room grain itself (<see cref="IChatRoomGrain.ListenFrom"/>), so a
/// process that joins the cluster before this one's membership lists it still gets every batch from then on.
/// </remarks>
public interface IRoomStreamAudience
{
    /// <summary>True while another process may hold a subscription to a room stream.</summary>
    bool BeyondThisProcess { get; }
}
