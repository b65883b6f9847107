using System.Threading.RateLimiting;
using Chapp.Web.Chat;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// One token bucket per user and <see cref="LimitedAction"/>, from <see cref="ChappLimits"/>: caps how fast one
/// user can do each costly thing, whatever connections or tabs they use. Idle buckets are dropped by the limiter.
/// </summary>
public sealed class UserActionLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(LimitedAction Action, string User)> _limiter;

    /// <summary>Creates the buckets' settings from <see cref="ChappLimits"/>.</summary>
    public UserActionLimiter(IOptions<ChappLimits> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<(LimitedAction Action, string User), (LimitedAction, string)>(key =>
            RateLimitPartition.GetTokenBucketLimiter((key.Action, key.User.ToUpperInvariant()), _ => Bucket(limits, key.Action)));
    }

    /// <summary>The sentence shown to a user refused <paramref name="action"/>.</summary>
    public static string Refusal(LimitedAction action) => action switch
    {
        LimitedAction.Send => "You are sending messages too fast. Wait a moment and try again.",
        LimitedAction.CreateRoom => "You are creating rooms too fast. Wait a minute and try again.",
        LimitedAction.OpenConversation => "You are opening conversations too fast. Wait a minute and try again.",
        LimitedAction.JoinRoom => "You are joining rooms too fast. Wait a minute and try again.",
        LimitedAction.MarkRead => "You are marking messages read too fast. Wait a moment and try again.",

        LimitedAction.ChangeRoom => "You are changing rooms too fast. Wait a minute and try again.",
        LimitedAction.Search => "You are searching too fast. Wait a moment and try again.",
        LimitedAction.ChangeMessage => "You are changing messages too fast. Wait a moment and try again.",
        _ => "You are loading history too fast. Wait a moment and try again.",
    };

    /// <summary>Takes one <paramref name="action"/> from <paramref name="userName"/>'s bucket; false when it is empty.</summary>
    public bool TryAcquire(LimitedAction action, string userName)
    {
        using var lease = _limiter.AttemptAcquire((action, userName));
        return lease.IsAcquired;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(ChappLimits limits, LimitedAction action)
    {
        if (action == LimitedAction.Send)
        {
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.SendBurst,
                TokensPerPeriod = limits.SendPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        }

        // A full minute's worth at once, then refilled evenly over the minute: a token every few seconds for a low
        // limit, else every second.
        var perMinute = action switch
        {
            LimitedAction.CreateRoom => limits.CreateRoomPerMinute,
            LimitedAction.OpenConversation => limits.OpenConversationPerMinute,
            LimitedAction.JoinRoom => limits.JoinPerMinute,
            LimitedAction.MarkRead => limits.MarkReadPerMinute,

            LimitedAction.ChangeRoom => limits.ChangeRoomPerMinute,
            LimitedAction.Search => limits.SearchPerMinute,
            LimitedAction.ChangeMessage => limits.ChangeMessagePerMinute,
            _ => limits.HistoryPerMinute,
        };
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
