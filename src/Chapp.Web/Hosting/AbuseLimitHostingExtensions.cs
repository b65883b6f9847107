using System.Threading.RateLimiting;
using Chapp.Web.Chat;
using Chapp.Web.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Hosting;

/// <summary>
/// Abuse limits: per-user rates of every costly action (<see cref="UserActionLimiter"/>, applied to the hub by
/// <see cref="HubLimitsFilter"/> and to the forms by their handlers), connection and room caps, and the per-address
/// log-in and sign-up rate.
/// </summary>
public static class AbuseLimitHostingExtensions
{
    /// <summary>Binds <see cref="ChappLimits"/> and adds the limiters that enforce them.</summary>
    public static IHostApplicationBuilder AddChappLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChappLimits>().Bind(builder.Configuration.GetSection(ChappLimits.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UserActionLimiter>();
        builder.Services.AddSingleton<UserConnections>();
        builder.Services.AddSingleton<HubLimitsFilter>();
        builder.Services.Configure<HubOptions>(o => o.AddFilter<HubLimitsFilter>());

        // Log-in and sign-up posts are limited per client address: it slows password guessing and account spam.
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var request = context.Request;
                if (!HttpMethods.IsPost(request.Method)
                    || !(request.Path.StartsWithSegments("/login") || request.Path.StartsWithSegments("/signup")))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var perMinute = context.RequestServices.GetRequiredService<IOptions<ChappLimits>>().Value.AuthPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ =>
                    new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return builder;
    }
}
