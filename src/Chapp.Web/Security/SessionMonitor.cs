using Chapp.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// Closes open hub connections whose sign-in is no longer valid (the account's security stamp changed: a log-out
/// in another process of the cluster, or the account was deleted), checking every
/// <see cref="SessionCheckOptions.HubCheckPeriod"/>. Log-out in this process closes them at once.
/// </summary>
public sealed partial class SessionMonitor(
    UserConnections connections,
    IServiceScopeFactory scopes,
    IOptions<SessionCheckOptions> options,
    ILogger<SessionMonitor> logger) : BackgroundService
{
    /// <summary>Checks every open connection once; returns how many it closed.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var closed = 0;
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ChappUser>>();
        foreach (var connection in connections.All())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (connection.User is not { } user || await signIn.ValidateSecurityStampAsync(user) is null)
                {
                    connection.Abort();
                    closed++;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The store was unreachable: the next round checks again.
                LogCheckFailed(error, connection.ConnectionId);
            }
        }

        return closed;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HubCheckPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the session of hub connection {ConnectionId}")]
    private partial void LogCheckFailed(Exception error, string connectionId);
}
