namespace Chapp.Web.Tests.Idle;

/// <summary>
/// The server as built and published runs without the profile-guided tier (<c>TieredPGO</c> off in Chapp.Web.csproj).
/// With it on, an idle server keeps re-compiling methods that its periodic callbacks slowly make hot, for minutes after
/// start-up: measured 0.9–1.0 % of a core at 100 s against 0.6 % without (docs/PERFORMANCE.md, "Code footprint and
/// tiering"). The runtime reads the setting from the app's runtimeconfig.json, so that is what the operator's process gets.
/// </summary>
public sealed class TieringTests
{
    [Fact]
    public void The_built_server_runs_without_profile_guided_tiering()
    {
        var pgo = BuiltRuntimeConfig.Setting("System.Runtime.TieredPGO");

        Assert.True(pgo.HasValue, $"{BuiltRuntimeConfig.Path} does not set System.Runtime.TieredPGO.");
        Assert.False(pgo.Value.GetBoolean(), $"{BuiltRuntimeConfig.Path} turns TieredPGO on.");
    }
}
