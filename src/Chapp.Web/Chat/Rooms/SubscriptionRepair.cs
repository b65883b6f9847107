using Chapp.Web.Chat.Users;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// Lets <see cref="RoomSubscriptions"/> and <see cref="UserFeeds"/> re-subscribe rooms and users the cluster forgot: every
/// <see cref="DeliveryOptions.SubscriptionCheckPeriod"/> (the rooms' checks paced over half of it, see <see cref="RepairPace"/>), and at once (then again after 2 s and 5 s, while the
/// cluster's directory settles) when a silo is declared dead, since a dead silo takes the subscriptions it held with it.
/// Without the second, a room's live delivery in this process could stay off for a whole period after a crash.
/// </summary>
public sealed class SubscriptionRepair(
    RoomSubscriptions subscriptions,
    UserFeeds userFeeds,
    IOptions<DeliveryOptions> options,
    IClusterMembershipService membership) : BackgroundService
{
    private static readonly TimeSpan[] AfterDeath = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Periodically(stoppingToken), OnSiloDeaths(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task Periodically(CancellationToken stoppingToken)
    {
        var period = options.Value.SubscriptionCheckPeriod;
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Paced over half the period: every open room is still checked once per period, without a burst.
            await subscriptions.RepairAsync(stoppingToken, period / 2);
            await userFeeds.RepairAsync(stoppingToken);
        }
    }

    private async Task OnSiloDeaths(CancellationToken stoppingToken)
    {
        ClusterMembershipSnapshot? previous = null;
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
        {
            var died = previous is not null && snapshot.CreateUpdate(previous).Changes.Any(m => m.Status == SiloStatus.Dead);
            previous = snapshot;
            if (!died)
            {
                continue;
            }

            foreach (var delay in AfterDeath)
            {
                await Task.Delay(delay, stoppingToken);
                await subscriptions.RepairAsync(stoppingToken);
                await userFeeds.RepairAsync(stoppingToken);
            }
        }
    }
}
