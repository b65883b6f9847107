using Chapp.Web.Chat;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// Log-in and sign-up posts: at most <see cref="ChappLimits.AuthPerMinute"/> per client address in each minute from
/// its first post, then 429 (rendered by the status code pages). It slows password guessing and account spam.
/// </summary>
/// <remarks>
/// Not ASP.NET Core's rate limiting middleware: that one keeps a partitioned limiter whose timer ticks every 100 ms
/// for the life of the process, even with no endpoint policy, and wakes an idle server ten times a second.
/// </remarks>
public sealed class AuthAttemptLimitMiddleware(RequestDelegate next, IOptions<ChappLimits> options, TimeProvider clock)
{
    private readonly TokenBuckets<string> _buckets = new(clock);

    /// <summary>Refuses the post with 429 when its address has used up this minute's attempts.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && (request.Path.StartsWithSegments("/login") || request.Path.StartsWithSegments("/signup")))
        {
            var perMinute = options.Value.AuthPerMinute;
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (!_buckets.TryTake(address, new BucketRule(perMinute, perMinute, TimeSpan.FromMinutes(1))))
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Task.CompletedTask;
            }
        }

        return next(context);
    }
}
