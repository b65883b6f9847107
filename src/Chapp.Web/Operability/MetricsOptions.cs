using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Operability;

/// <summary>
/// Where the Prometheus metrics are served; bound from <c>Chapp:Metrics</c>. Off by default. They have their own
/// listener, never the public port: a balancer or proxy in front of the app cannot expose them by accident.
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp:Metrics";

    /// <summary>The port of <c>http://Host:Port/metrics</c>; 0 turns metrics off.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>The address the metrics listener binds: loopback unless a scraper on another machine needs it (<c>+</c> = all).</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";
}
