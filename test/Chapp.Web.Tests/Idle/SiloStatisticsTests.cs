using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Chapp.Web.Tests.Idle;

/// <summary>
/// What an operator sees of the silo's load (the management grain, which the dashboard reads): real memory figures,
/// and CPU that rises when the process works, now that the statistics are read on demand.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SiloStatisticsTests(AppFixture app)
{
    [Fact]
    public async Task The_silo_reports_its_real_memory_and_the_cpu_it_just_used()
    {
        var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        await management.GetRuntimeStatistics(silos); // starts the CPU window

        BurnOneCore(TimeSpan.FromSeconds(1)); // this test runs in the server's process
        var statistics = Assert.Single(await management.GetRuntimeStatistics(silos)).EnvironmentStatistics;

        Assert.True(statistics.MaximumAvailableMemoryBytes > 0, statistics.ToString());
        Assert.InRange(statistics.RawMemoryUsageBytes, 1, statistics.MaximumAvailableMemoryBytes);
        Assert.True(statistics.RawCpuUsagePercentage > 0, statistics.ToString());
        Assert.True(statistics.FilteredCpuUsagePercentage > 0, statistics.ToString());
    }

    private static void BurnOneCore(TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        var spins = 0L;
        while (watch.Elapsed < duration)
        {
            spins++;
        }

        GC.KeepAlive(spins);
    }
}
