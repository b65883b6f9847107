namespace Chapp.Web.Tests.Idle;

/// <summary>
/// The server as built and published lets a thread-pool worker that runs out of work block at once rather than spin
/// (<c>System.Threading.ThreadPool.UnfairSemaphoreSpinLimit</c> 0 in Chapp.Web.csproj): on 2 cores the spin cost 4-5 %
/// of the server's CPU under the many-small-rooms load and a third of it at 100x5x10 (docs/PERFORMANCE.md, "Web side
/// CPU per post"). The runtime reads the setting from the app's runtimeconfig.json, so that is what the operator's
/// process gets.
/// </summary>
public sealed class ThreadPoolSpinTests
{
    [Fact]
    public void The_built_server_blocks_idle_thread_pool_workers_without_spinning()
    {
        var limit = BuiltRuntimeConfig.Setting("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit");

        Assert.True(limit.HasValue, $"{BuiltRuntimeConfig.Path} does not set System.Threading.ThreadPool.UnfairSemaphoreSpinLimit.");
        Assert.Equal(0, limit.Value.GetInt32());
    }
}
