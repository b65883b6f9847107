using Chapp.Web.Chat;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// One token bucket per user and <see cref="LimitedAction"/>, from <see cref="ChappLimits"/>: caps how fast one
/// user can do each costly thing, whatever connections or tabs they use. Buckets refill as they are used (no timer:
/// an idle server sleeps), and full ones are dropped.
/// </summary>
public sealed class UserActionLimiter
{
    private readonly TokenBuckets<(LimitedAction Action, string User)> _buckets;
    private readonly ChappLimits _limits;

    /// <summary>Creates the buckets' settings from <see cref="ChappLimits"/>.</summary>
    public UserActionLimiter(IOptions<ChappLimits> options, TimeProvider clock)
    {
        _limits = options.Value;
        _buckets = new TokenBuckets<(LimitedAction, string)>(clock);
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
        LimitedAction.Typing => "You are sending typing notices too fast. Wait a moment and try again.",
        LimitedAction.PageLoad => "You are loading pages too fast. Wait a moment and try again.",
        _ => "You are loading history too fast. Wait a moment and try again.",
    };

    /// <summary>Takes one <paramref name="action"/> from <paramref name="userName"/>'s bucket; false when it is empty.</summary>
    public bool TryAcquire(LimitedAction action, string userName)
        => _buckets.TryTake((action, userName.ToUpperInvariant()), Rule(_limits, action));

    private static BucketRule Rule(ChappLimits limits, LimitedAction action)
    {
        if (action == LimitedAction.Send)
        {
            return new BucketRule(limits.SendBurst, limits.SendPerSecond, TimeSpan.FromSeconds(1));
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
            LimitedAction.Typing => limits.TypingPerMinute,
            LimitedAction.PageLoad => limits.PagesPerMinute,
            _ => limits.HistoryPerMinute,
        };
        return new BucketRule(perMinute, Math.Max(1, perMinute / 60), perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1) / perMinute);
    }
}
