using System.Text.Json;
using Chapp.Web.Tests.Cluster;

namespace Chapp.Web.Tests;

/// <summary>
/// The load tool runs without tiered compilation. With it, the tool kept re-compiling its own send and receive path
/// (2–5 s of JIT in a send phase) on the two cores the measured server shares, and the first measured run at
/// 1000×10×10 fell behind and never caught up (docs/PERFORMANCE.md, "The load tool's first slot"). The runtime reads
/// the setting from the tool's runtimeconfig.json, so that is what is checked.
/// </summary>
public sealed class LoadToolTieringTests
{
    [Fact]
    public void The_built_load_tool_compiles_each_method_once_fully_optimised()
    {
        var runtimeConfig = Path.Combine(ChappProcess.RepositoryRoot, "test", "Chapp.LoadTest", "bin", ChappProcess.Configuration, "net10.0", "Chapp.LoadTest.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var options = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(options.TryGetProperty("System.Runtime.TieredCompilation", out var tiering), $"{runtimeConfig} does not set System.Runtime.TieredCompilation.");
        Assert.False(tiering.GetBoolean(), $"{runtimeConfig} turns tiered compilation on.");
    }
}
