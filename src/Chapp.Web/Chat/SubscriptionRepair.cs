using Microsoft.Extensions.Options;

namespace Chapp.Web.Chat;

/// <summary>Every <see cref="DeliveryOptions.SubscriptionCheckPeriod"/>, lets <see cref="RoomSubscriptions"/> re-subscribe rooms the cluster forgot.</summary>
public sealed class SubscriptionRepair(RoomSubscriptions subscriptions, IOptions<DeliveryOptions> options) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SubscriptionCheckPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await subscriptions.RepairAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
