using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Chat;

/// <summary>A token bucket per user that caps how fast one user can send, whatever connections they use.</summary>
public sealed class SendRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter from <see cref="ChappLimits"/>.</summary>
    public SendRateLimiter(IOptions<ChappLimits> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.SendBurst,
                TokensPerPeriod = limits.SendPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Takes one send from <paramref name="userName"/>'s bucket; false when it is empty.</summary>
    public bool TryAcquire(string userName)
    {
        using var lease = _limiter.AttemptAcquire(userName);
        return lease.IsAcquired;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
