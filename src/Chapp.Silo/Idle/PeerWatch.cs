using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Chapp.Silo.Idle;

/// <summary>Keeps <see cref="SiloPeers"/> in step with the cluster's membership.</summary>
/// <remarks>
/// A silo counts as a peer from the moment it appears in the membership table until it is declared dead: a silo that
/// crashed is still probed (it is what probes are for) until the cluster votes it out.
/// </remarks>
public sealed class PeerWatch(IClusterMembershipService membership, ILocalSiloDetails local, SiloPeers peers) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                peers.Set(snapshot.Members.Values.Any(m => !m.SiloAddress.Equals(local.SiloAddress) && m.Status != SiloStatus.Dead));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
