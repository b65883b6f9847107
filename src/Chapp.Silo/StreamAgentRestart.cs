using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Chapp.Silo;

/// <summary>
/// When another silo is declared dead, restarts this silo's stream pulling agents so that they start afresh.
/// </summary>
/// <remarks>
/// Found by the failover drill (kill -9 of the silo hosting a room): when a crashed silo held the memory-stream
/// queue grains but this silo held their pulling agents, the agents here kept running and read the queues' new
/// activations, yet delivered nothing more to any subscriber, so live chat in this process stayed off (messages were
/// still stored, and pages still filled the gaps from the log). Fresh agents re-register with the streams' PubSub and
/// deliver again. A batch an old agent held but had not delivered is lost from the stream only: clients fill it from
/// the log.
/// </remarks>
public sealed partial class StreamAgentRestart(
    IClusterMembershipService membership,
    IServiceProvider services,
    ILogger<StreamAgentRestart> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            ClusterMembershipSnapshot? previous = null;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var dead = previous is null
                    ? []
                    : snapshot.CreateUpdate(previous).Changes.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToArray();
                previous = snapshot;
                if (dead.Length > 0)
                {
                    await RestartAgents(dead);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RestartAgents(SiloAddress[] dead)
    {
        try
        {
            var provider = (IControllable)services.GetRequiredKeyedService<IStreamProvider>(ChappNames.StreamProvider);
            await provider.ExecuteCommand((int)PersistentStreamProviderCommand.StopAgents, null);
            await provider.ExecuteCommand((int)PersistentStreamProviderCommand.StartAgents, null);
            LogRestarted(string.Join(", ", dead.Select(d => d.ToString())));
        }
        catch (Exception error)
        {
            LogRestartFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Dead} declared dead: stream pulling agents restarted")]
    private partial void LogRestarted(string dead);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restart the stream pulling agents after a silo died")]
    private partial void LogRestartFailed(Exception error);
}
