using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Chapp.Web.Security;

/// <summary>
/// The reverse proxies (TLS terminators, load balancers) whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>
/// headers Chapp believes, bound from <c>Chapp:Proxy</c>. With both lists empty only a proxy on this machine
/// (loopback) is believed. Headers from anyone else are ignored: a client could otherwise pick its own address
/// and escape the per-address limits.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp:Proxy";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => new ValidationResult($"Chapp:Proxy:KnownProxies: '{p}' is not an IP address."))
            .Concat(KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
                .Select(n => new ValidationResult($"Chapp:Proxy:KnownNetworks: '{n}' is not a network like 10.0.0.0/24.")));
}
