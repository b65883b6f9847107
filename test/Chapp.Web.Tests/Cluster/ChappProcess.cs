using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// One real Chapp process (<c>dotnet src/Chapp.Web/bin/&lt;configuration&gt;/net10.0/Chapp.Web.dll</c>), as an operator
/// runs it: its own HOME, free web, silo and gateway ports, settings as environment variables, output captured.
/// Disposing kills it and removes its HOME.
/// </summary>
public sealed class ChappProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _home;

    private ChappProcess(Process process, string home, Uri baseAddress, int siloPort, int gatewayPort)
    {
        _process = process;
        _home = home;
        BaseAddress = baseAddress;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
    }

    /// <summary>Where the web app listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The silo-to-silo port.</summary>
    public int SiloPort { get; }

    /// <summary>The Orleans gateway port.</summary>
    public int GatewayPort { get; }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The folder holding Chapp.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The web project's folder, the content root the processes run in.</summary>
    public static string ProjectFolder => Path.Combine(RepositoryRoot, "src", "Chapp.Web");

    /// <summary>The app the processes run: the web project's build output.</summary>
    public static string AppPath => Path.Combine(ProjectFolder, "bin", Configuration, "net10.0", "Chapp.Web.dll");

    /// <summary>The settings of a node on PostgreSQL database <paramref name="connectionString"/>; add more to the result.</summary>
    public static Dictionary<string, string> OnPostgres(string connectionString) => new()
    {
        ["Chapp__Database"] = "PostgreSql",
        ["Chapp__PostgresConnectionString"] = connectionString,
    };

    /// <summary>
    /// Starts a process and, unless <paramref name="waitUntilReady"/> is false, waits until /healthz answers.
    /// </summary>
    /// <param name="settings">Configuration as environment variables (<c>Chapp__Database</c> = <c>PostgreSql</c> …);
    /// <c>Chapp__SiloPort</c>, <c>Chapp__GatewayPort</c> and <c>ASPNETCORE_URLS</c> given here win over free ports.</param>
    /// <param name="environment">ASPNETCORE_ENVIRONMENT.</param>
    /// <param name="waitUntilReady">False to start a process that is expected to fail; see <see cref="WaitForExitAsync"/>.</param>
    public static async Task<ChappProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        string environment = "Production",
        bool waitUntilReady = true)
    {
        var home = Path.Combine(Path.GetTempPath(), "chapp-process-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var siloPort = settings.TryGetValue("Chapp__SiloPort", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : AppFixture.FreePort();
        var gatewayPort = settings.TryGetValue("Chapp__GatewayPort", out var g) ? int.Parse(g, CultureInfo.InvariantCulture) : AppFixture.FreePort();
        var url = settings.TryGetValue("ASPNETCORE_URLS", out var u) ? u : $"http://127.0.0.1:{AppFixture.FreePort()}";

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppPath);
        start.Environment["HOME"] = home;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["Chapp__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Chapp__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = new ChappProcess(Process.Start(start)!, home, new Uri(url.TrimEnd('/') + "/"), siloPort, gatewayPort);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        if (waitUntilReady)
        {
            await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }

        return process;
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>kill -9: the process dies at once, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>kill -TERM and wait: a clean shutdown, as systemd stops a service.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(timeout);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Chapp exited with code {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Chapp did not answer /healthz within {timeout}:\n{Output}");
    }

    internal static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Chapp.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Chapp.sln above {AppContext.BaseDirectory}.");
    }
}
