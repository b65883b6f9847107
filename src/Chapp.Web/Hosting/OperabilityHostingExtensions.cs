using Chapp.Grains;
using Chapp.Web.Operability;
using OpenTelemetry.Metrics;

namespace Chapp.Web.Hosting;

/// <summary>Health (liveness and readiness) and metrics, for operators and orchestrators.</summary>
public static class OperabilityHostingExtensions
{
    /// <summary>The tag of the checks <c>/readyz</c> runs; <c>/healthz</c> runs none (the process answers: it is alive).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the readiness checks (database, cluster membership) and, when a port is set, Prometheus metrics.</summary>
    public static IHostApplicationBuilder AddChappOperability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SiloHealthCheck>("cluster", tags: [ReadyTag]);

        var section = builder.Configuration.GetSection(MetricsOptions.SectionName);
        builder.Services.AddOptions<MetricsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var metrics = section.Get<MetricsOptions>() ?? new MetricsOptions();
        if (metrics.Port > 0)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(m => m
                .AddMeter(ChappMetrics.MeterName, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                // Its own HttpListener, not a Kestrel endpoint: the public port never serves /metrics.
                .AddPrometheusHttpListener(o =>
                {
                    o.Host = metrics.Host;
                    o.Port = metrics.Port;
                }));
        }

        return builder;
    }
}
