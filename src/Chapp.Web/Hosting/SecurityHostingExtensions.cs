using System.Net;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Hosting;

/// <summary>
/// Hosting on the internet: forwarded headers from known proxies only, the hub's origin check, and sessions that
/// log-out revokes (security stamp checked on hub requests, at an interval on pages, and on open hub connections).
/// </summary>
public static class SecurityHostingExtensions
{
    /// <summary>Binds <see cref="ProxyOptions"/>, <see cref="OriginOptions"/> and <see cref="SessionCheckOptions"/> and adds what enforces them.</summary>
    public static IHostApplicationBuilder AddChappSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            var known = proxy.Value;
            // ASP.NET Core believes a proxy on loopback by default; a configured list replaces that.
            if (known.KnownProxies.Length > 0 || known.KnownNetworks.Length > 0)
            {
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var address in known.KnownProxies)
                {
                    o.KnownProxies.Add(IPAddress.Parse(address));
                }

                foreach (var network in known.KnownNetworks)
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });

        services.AddOptions<OriginOptions>().Bind(builder.Configuration.GetSection(OriginOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<SessionCheckOptions>().Bind(builder.Configuration.GetSection(SessionCheckOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SessionCheckOptions>>((o, sessions) =>
            o.ValidationInterval = sessions.Value.ValidationInterval);
        services.TryAddScoped<ISecurityStampValidator, SecurityStampValidator<ChappUser>>();
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
            o.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<SessionMonitor>();
        services.AddHostedService(s => s.GetRequiredService<SessionMonitor>());
        return builder;
    }
}
