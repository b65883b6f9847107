using Chapp.Grains;
using Orleans.Runtime;

namespace Chapp.Silo.Streams;

/// <summary>
/// The <see cref="IRoomStreamAudience"/> of a silo co-hosted with its web side, whose stream subscribers are web
/// feeds: another process can listen only as another silo of the cluster, so room streams have an audience beyond
/// this process exactly while membership lists another silo that is not dead.
/// </summary>
/// <remarks>
/// Membership owns the fact and is read as it stands on every call (it changes at any time); the answer is kept per
/// membership version, so a post costs one reference comparison. A silo that joins reads the table first, so it
/// sees the silos already there before any grain can be placed on it. The other way round, a joining silo's feeds
/// tell each room themselves (<see cref="IChatRoomGrain.ListenFrom"/>) before this silo may have heard of it.
/// </remarks>
public sealed class MembershipStreamAudience(IClusterMembershipService membership, ILocalSiloDetails local) : IRoomStreamAudience
{
    private Answer? _last;

    /// <inheritdoc />
    public bool BeyondThisProcess
    {
        get
        {
            var snapshot = membership.CurrentSnapshot;
            var last = _last;
            if (last is not null && last.Version == snapshot.Version)
            {
                return last.Others;
            }

            var others = snapshot.Members.Values.Any(m => m.Status != SiloStatus.Dead && !m.SiloAddress.Equals(local.SiloAddress));
            _last = new Answer(snapshot.Version, others);
            return others;
        }
    }

    private sealed record Answer(MembershipVersion Version, bool Others);
}
