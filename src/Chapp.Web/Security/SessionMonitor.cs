using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// Closes open hub connections whose sign-in is no longer valid (the account's security stamp changed: a log-out
/// in another process of the cluster, or the account was deleted), checking every
/// <see cref="SessionCheckOptions.HubCheckPeriod"/>. Log-out in this process closes them at once. Each round reads
/// each user's stamp once, however many connections the user holds.
/// </summary>
public sealed partial class SessionMonitor(
    UserConnections connections,
    SecurityStamps stamps,
    IOptions<SessionCheckOptions> options,
    IOptions<IdentityOptions> identity,
    ILogger<SessionMonitor> logger) : BackgroundService
{
    /// <summary>Checks every open connection once; returns how many it closed.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var claims = identity.Value.ClaimsIdentity;
        var closed = 0;
        var byUser = connections.All().GroupBy(c => c.User?.FindFirstValue(claims.UserIdClaimType) ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        foreach (var users in byUser)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? current;
            try
            {
                // Fresh, not the hub requests' kept copy: this round is what bounds how long a revoked session lives.
                current = users.Key.Length == 0 ? null : await stamps.CurrentAsync(users.Key, TimeSpan.Zero);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The store was unreachable: the next round checks again.
                LogCheckFailed(error, users.Key);
                continue;
            }

            foreach (var connection in users)
            {
                if (current is null || !string.Equals(connection.User?.FindFirstValue(claims.SecurityStampClaimType), current, StringComparison.Ordinal))
                {
                    connection.Abort();
                    closed++;
                }
            }
        }

        stamps.Prune();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the sessions of user {UserId}")]
    private partial void LogCheckFailed(Exception error, string userId);
}
