using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Chapp.Web.Operability;

/// <summary>Ready only while this process's silo is an Active member of the cluster (not joining, not declared dead).</summary>
public sealed class SiloHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo {silo.SiloAddress} is {status} in the cluster."));
    }
}
