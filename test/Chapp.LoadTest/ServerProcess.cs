using System.Diagnostics;
using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// A Chapp server the tool started as a child process (<c>dotnet Chapp.Web.dll</c>, Production, loopback only,
/// rate limits raised), with its output in a log file and a <see cref="ProcessMonitor"/> on it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(ServerLaunch launch, Process process, StreamWriter log)
    {
        Launch = launch;
        _process = process;
        _log = log;
        Monitor = new ProcessMonitor(process.Id);
    }

    /// <summary>How it was started.</summary>
    public ServerLaunch Launch { get; }

    /// <summary>CPU and memory of the process.</summary>
    public ProcessMonitor Monitor { get; }

    /// <summary>Its base URL.</summary>
    public Uri Url => Launch.Url;

    /// <summary>Starts the server and waits (at most 90 s) until /healthz answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(ServerLaunch launch, CancellationToken cancellationToken)
    {
        // Another engineer's server on the same port would answer /healthz for ours and take the load: refuse at once.
        EnsureFree(launch.HttpPort, "HTTP");
        if (launch.SiloPort > 0)
        {
            EnsureFree(launch.SiloPort, "silo");
            EnsureFree(launch.GatewayPort, "gateway");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = launch.ContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(launch.ServerDll);
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = launch.Url.ToString().TrimEnd('/');
        env["Chapp__Database"] = launch.Database;
        if (launch.SqlitePath is not null)
        {
            env["Chapp__SqlitePath"] = launch.SqlitePath;
        }

        if (launch.PostgresConnectionString is not null)
        {
            env["Chapp__PostgresConnectionString"] = launch.PostgresConnectionString;
        }

        env["Chapp__SiloPort"] = launch.SiloPort.ToString(CultureInfo.InvariantCulture);
        env["Chapp__GatewayPort"] = launch.GatewayPort.ToString(CultureInfo.InvariantCulture);
        env["Chapp__ClusterId"] = launch.ClusterId;
        env["Chapp__AdvertisedAddress"] = "127.0.0.1";
        // The load generator is one machine hammering from a handful of accounts: take the limits out of the way.
        env["Chapp__Limits__SendPerSecond"] = "1000000";
        env["Chapp__Limits__SendBurst"] = "1000000";
        env["Chapp__Limits__AuthPerMinute"] = "1000000";
        env["Chapp__Limits__JoinPerMinute"] = "1000000";
        env["Chapp__Limits__HistoryPerMinute"] = "1000000";
        env["Chapp__Limits__ConnectionsPerUser"] = "1000000";
        env["Chapp__Limits__CreateRoomPerMinute"] = "1000000";
        env["Chapp__Limits__SearchPerMinute"] = "1000000";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in launch.ExtraEnv ?? [])
        {
            env[name] = value;
        }

        var log = new StreamWriter(launch.LogFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start dotnet.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(launch, process, log);
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(90), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Stops the server: SIGTERM, then a kill after 20 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        Monitor.Sample();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Monitor.Dispose();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private async Task WaitHealthyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Clock.Now + Clock.SecondsToTicks(limit.TotalSeconds);
        while (Clock.Now < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Server {Launch.Name} exited with code {_process.ExitCode} while starting; see {Launch.LogFile}:{Environment.NewLine}{Tail(Launch.LogFile)}");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri(Url, "healthz"), cancellationToken);
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"Server {Launch.Name} did not become healthy within {limit.TotalSeconds} s; see {Launch.LogFile}:{Environment.NewLine}{Tail(Launch.LogFile)}");
    }

    private static void EnsureFree(int port, string what)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
        catch (System.Net.Sockets.SocketException error)
        {
            throw new InvalidOperationException($"The {what} port {port} is taken by another process ({error.Message}); choose others with --port, --silo-port, --gateway-port.", error);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static string Tail(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(25));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
