using Chapp.Web.Chat;
using Chapp.Web.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chapp.Web.Hosting;

/// <summary>
/// Abuse limits: per-user rates of every costly action (<see cref="UserActionLimiter"/>, applied to the hub by
/// <see cref="HubLimitsFilter"/> and to the forms by their handlers), connection and room caps, and the per-address
/// log-in and sign-up rate (<see cref="AuthAttemptLimitMiddleware"/>, in the pipeline).
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

        // The limiters' buckets refill as they are used: no timers (see AuthAttemptLimitMiddleware).
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
