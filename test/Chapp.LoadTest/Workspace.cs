using System.Diagnostics;
using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// Where started servers live: the built Chapp.Web, a temp directory for SQLite files and logs, and the
/// PostgreSQL databases made for this invocation (dropped at the end unless --keep).
/// </summary>
public sealed class Workspace : IAsyncDisposable
{
    private readonly LoadOptions _options;
    private readonly List<string> _databases = [];
    private readonly string _tag = DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
    private PostgresAdmin? _postgres;
    private int _servers;

    private Workspace(LoadOptions options, string webProject, string baselineProject, string dataDir)
    {
        _options = options;
        WebProject = webProject;
        BaselineProject = baselineProject;
        DataDir = dataDir;
    }

    /// <summary>The test/Chapp.BareHub directory: the bare SignalR hub measured as the baseline.</summary>
    public string BaselineProject { get; }

    /// <summary>The built baseline server.</summary>
    public string BaselineDll => Path.Combine(BaselineProject, "bin", "Release", "net10.0", "Chapp.BareHub.dll");

    /// <summary>The src/Chapp.Web directory (content root of started servers).</summary>
    public string WebProject { get; }

    /// <summary>The temp directory of this invocation.</summary>
    public string DataDir { get; }

    /// <summary>Set when something failed: keeps the temp directory (server logs) and databases for a look.</summary>
    public bool KeepForInspection { get; set; }

    /// <summary>The built server.</summary>
    public string ServerDll => Path.Combine(WebProject, "bin", "Release", "net10.0", "Chapp.Web.dll");

    /// <summary>Finds the repository, builds Chapp.Web in Release (unless --no-build) and makes the temp directory.</summary>
    public static async Task<Workspace> CreateAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var root = FindRepoRoot();
        var web = Path.Combine(root, "src", "Chapp.Web");
        var baseline = Path.Combine(root, "test", "Chapp.BareHub");
        var dataDir = Directory.CreateTempSubdirectory("chapp-load-").FullName;
        var workspace = new Workspace(options, web, baseline, dataDir);
        Console.WriteLine($"work directory {dataDir}");
        if (!options.NoBuild)
        {
            await BuildAsync(Path.Combine(web, "Chapp.Web.csproj"), cancellationToken);
            if (options.Baseline)
            {
                await BuildAsync(Path.Combine(baseline, "Chapp.BareHub.csproj"), cancellationToken);
            }
        }

        if (!File.Exists(workspace.ServerDll))
        {
            throw new FileNotFoundException($"No server at {workspace.ServerDll}; build it or drop --no-build.");
        }

        return workspace;
    }

    /// <summary>Starts the bare hub (no storage) on the first server's port, for the same plan as Chapp.</summary>
    public Task<ServerProcess> StartBaselineAsync(CancellationToken cancellationToken)
    {
        var launch = new ServerLaunch("bare", BaselineDll, BaselineProject, _options.Port, 0, 0, "none", null, null, "none",
            Path.Combine(DataDir, $"server-bare-{++_servers}.log"));
        Console.WriteLine($"starting the bare hub baseline on {launch.Url}, log {launch.LogFile}");
        return ServerProcess.StartAsync(launch, cancellationToken);
    }

    /// <summary>A fresh, empty database of the kind given by --start.</summary>
    public async Task<DatabaseTarget> NewDatabaseAsync(string label, CancellationToken cancellationToken)
    {
        if (_options.Start == "postgres")
        {
            _postgres ??= new PostgresAdmin(_options.PgAdmin);
            await _postgres.EnsureRunningAsync(cancellationToken);
            var name = $"chapp_load_{_tag}_{_databases.Count}";
            var connectionString = await _postgres.CreateDatabaseAsync(name, cancellationToken);
            _databases.Add(name);
            Console.WriteLine($"[{label}] fresh PostgreSQL database {name}");
            // No pool size of its own: each server holds Chapp's connection budget (Chapp:PostgresMaxConnections).
            return new DatabaseTarget("postgres", null, connectionString);
        }

        var path = Path.Combine(DataDir, $"{label}-{_databases.Count}.db");
        _databases.Add(path);
        Console.WriteLine($"[{label}] fresh SQLite file {path}");
        return new DatabaseTarget("sqlite", path, null);
    }

    /// <summary>
    /// Starts server number <paramref name="index"/> (0 or 1: its ports are offset by it) on <paramref name="database"/>,
    /// with more environment <paramref name="settings"/>; the setting <c>DLL</c> names another build of Chapp.Web.dll
    /// to run (a build output or a published folder: <see cref="ServerBuild.ContentRootOf"/>), e.g. an older commit's
    /// for a before/after.
    /// </summary>
    public Task<ServerProcess> StartServerAsync(DatabaseTarget database, int index, string clusterId, CancellationToken cancellationToken,
        IReadOnlyList<KeyValuePair<string, string>>? settings = null)
    {
        var name = index == 0 ? "a" : "b";
        var dll = settings?.LastOrDefault(s => s.Key == "DLL").Value;
        var launch = new ServerLaunch(
            name,
            dll ?? ServerDll,
            dll is null ? WebProject : ServerBuild.ContentRootOf(dll),
            _options.Port + index,
            _options.SiloPort + index,
            _options.GatewayPort + index,
            database.ServerSetting,
            database.SqlitePath,
            database.PostgresConnectionString,
            clusterId,
            Path.Combine(DataDir, $"server-{name}-{++_servers}.log"),
            [.. _options.ServerEnv, .. (settings ?? []).Where(s => s.Key != "DLL")]);
        Console.WriteLine($"starting server {name} on {launch.Url} ({database.Kind}), log {launch.LogFile}");
        return ServerProcess.StartAsync(launch, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_options.Keep || KeepForInspection)
        {
            Console.WriteLine($"kept {DataDir} and databases: {string.Join(", ", _databases)}");
            return;
        }

        if (_postgres is not null)
        {
            foreach (var name in _databases)
            {
                try
                {
                    await _postgres.DropDatabaseAsync(name, CancellationToken.None);
                }
                catch (Npgsql.NpgsqlException e)
                {
                    Console.WriteLine($"could not drop {name}: {e.Message}");
                }
            }
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException e)
        {
            Console.WriteLine($"could not delete {DataDir}: {e.Message}");
        }
    }

    private static async Task BuildAsync(string project, CancellationToken cancellationToken)
    {
        Console.WriteLine($"building {Path.GetFileNameWithoutExtension(project)} (Release) …");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", project, "-c", "Release", "--nologo", "-v", "q", "-clp:ErrorsOnly" })
        {
            info.ArgumentList.Add(arg);
        }

        using var build = Process.Start(info) ?? throw new InvalidOperationException("Could not run dotnet build.");
        var output = build.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = build.StandardError.ReadToEndAsync(cancellationToken);
        await build.WaitForExitAsync(cancellationToken);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building {project} failed:{Environment.NewLine}{await output}{await errors}");
        }
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Chapp.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run inside the Chapp repository (no Chapp.sln found above the current or tool directory).");
    }
}
