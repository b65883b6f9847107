using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// What an operator who starts Chapp twice gets: the second process refuses to start and says why, the first
/// goes on serving. Never two silos on one SQLite file, never two listeners sharing a port.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class OneOwnerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chapp-owner-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_second_process_on_the_same_sqlite_file_exits_naming_the_file_and_the_first_which_keeps_serving()
    {
        var database = Path.Combine(_folder, "chapp.db");
        await using var first = await ChappProcess.StartAsync(new Dictionary<string, string> { ["Chapp__SqlitePath"] = database });

        await using var second = await ChappProcess.StartAsync(new Dictionary<string, string> { ["Chapp__SqlitePath"] = database }, waitUntilReady: false);

        Assert.NotEqual(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"The SQLite database '{database}' is in use by another Chapp process (pid {first.Id} on host {Environment.MachineName}", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Orleans.Runtime.Silo", second.Output, StringComparison.Ordinal);

        using var user = new ClusterUser();
        await user.SignUpAsync(first);
        Assert.Contains($"Signed in as <strong><bdi>{user.UserName}</bdi></strong>", await user.GetStringAsync(first, ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_process_on_a_taken_silo_port_exits_with_the_port_in_the_message()
    {
        await using var first = await ChappProcess.StartAsync(new Dictionary<string, string> { ["Chapp__SqlitePath"] = Path.Combine(_folder, "a.db") });

        await using var second = await ChappProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Chapp__SqlitePath"] = Path.Combine(_folder, "b.db"),
                ["Chapp__SiloPort"] = first.SiloPort.ToString(CultureInfo.InvariantCulture),
            },
            waitUntilReady: false);

        Assert.NotEqual(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"The silo port (Chapp:SiloPort) {first.SiloPort} is in use", second.Output, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(first.BaseAddress, "healthz"))).StatusCode);
    }

    [Fact]
    public async Task A_taken_gateway_port_stops_the_start_with_the_port_in_the_message()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var app = await ChappProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Chapp__SqlitePath"] = Path.Combine(_folder, "c.db"),
                ["Chapp__GatewayPort"] = port.ToString(CultureInfo.InvariantCulture),
            },
            waitUntilReady: false);

        Assert.NotEqual(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"The gateway port (Chapp:GatewayPort) {port} is in use", app.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
