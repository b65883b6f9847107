using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// A real Chapp server process (<c>dotnet Chapp.Web.dll</c> from the build output) started with environment
/// variables, for tests that need what a test host cannot give: several processes, a <c>kill -9</c>, a clean log.
/// Its stdout and stderr are kept in memory for assertions and failure messages.
/// </summary>
public sealed class ChappProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChappProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The base URL (http://127.0.0.1:port/).</summary>
    public Uri Url { get; }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The Chapp.Web project folder (content root: appsettings.json, wwwroot).</summary>
    public static string ContentRoot { get; } = FindContentRoot();

    /// <summary>
    /// Starts Chapp on <paramref name="httpPort"/> with <paramref name="environment"/> added to this process's
    /// environment (e.g. <c>Chapp__Database</c>), and waits until <c>/healthz</c> answers (at most 60 s).
    /// </summary>
    public static async Task<ChappProcess> StartAsync(int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(ContentRoot, "bin", BuildConfiguration, "net10.0", "Chapp.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build Chapp.Web first.", dll);
        }

        var url = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var chapp = new ChappProcess(process, url);
        process.OutputDataReceived += (_, e) => chapp.Append(e.Data);
        process.ErrorDataReceived += (_, e) => chapp.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await chapp.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await chapp.DisposeAsync();
            throw;
        }

        return chapp;
    }

    /// <summary>Ends the process at once, as a crash or <c>kill -9</c> would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it; kills it after 20 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Chapp exited with code {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri(Url, "healthz"));
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Chapp did not answer /healthz within {limit.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    // The tests are built with the same configuration as the app (bin/Release/... or bin/Debug/...).
    private static string BuildConfiguration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string FindContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chapp.sln")))
            {
                return Path.Combine(dir.FullName, "src", "Chapp.Web");
            }
        }

        throw new DirectoryNotFoundException("Chapp.sln not found above " + AppContext.BaseDirectory);
    }
}
