using Chapp.Silo;
using Chapp.Web.Chat;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Chapp.Web.Hosting;

/// <summary>The request pipeline and the endpoints of the web app.</summary>
public static class WebApplicationExtensions
{
    /// <summary>
    /// Middleware in order: forwarded headers (so the client's address and scheme are right for everything after),
    /// headers, errors, HSTS, the hub's origin check, routing, limits, authentication, authorization.
    /// </summary>
    public static WebApplication UseChappPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/status/500");
            app.UseHsts();
        }

        // Renders 404, 429, 400 … as readable pages, unless the endpoint wrote its own body.
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseMiddleware<OriginCheckMiddleware>();
        app.UseRouting();
        app.UseMiddleware<AuthAttemptLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Static assets, health, pages, the hub and (Development only) the Orleans Dashboard.</summary>
    public static WebApplication MapChappEndpoints(this WebApplication app)
    {
        app.MapChappStaticAssets().AllowAnonymous();
        // Liveness: the process answers. Readiness: it can also serve (database answers, silo is an Active member).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(OperabilityHostingExtensions.ReadyTag) })
            .AllowAnonymous();
        app.MapRazorPages().WithStaticAssets();
        app.MapHub<ChatHub>("/hubs/chat");

        if (app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<ChappOptions>>().Value.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        app.MapChappTestingEndpoints();
        return app;
    }
}
