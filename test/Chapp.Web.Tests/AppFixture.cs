using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Chapp.Web.Tests;

/// <summary>
/// One real Chapp server (Kestrel on a free port, co-hosted silo on free ports, a temp SQLite file) and, on first
/// use, one headless Chromium, shared by every test in <see cref="WebCollection"/>: starting either per class would
/// cost more than the tests on two cores.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    /// <summary>
    /// How long a presence report lasts in this server (the app's is 60 s): short, so a process that stopped
    /// refreshing its reports is caught within a test.
    /// </summary>
    public static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(3);

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "chapp-web-tests-" + Guid.NewGuid().ToString("N"));
    private readonly SemaphoreSlim _browserGate = new(1, 1);
    private ChappFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The shared server, with the test settings.</summary>
    public AppFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A server of its own for a test class that needs other settings (they override the shared ones).</summary>
    protected AppFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running app's services.</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        _factory = new ChappFactory(Path.Combine(_dataDir, "chapp.db"), FreePort(), _settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1") + "/");
        return Task.CompletedTask;
    }

    /// <summary>The shared browser, started on first use.</summary>
    public async Task<IBrowser> Browser()
    {
        await _browserGate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                _playwright = await Playwright.CreateAsync();
                _browser = await LaunchChromiumAsync(_playwright);
            }

            return _browser;
        }
        finally
        {
            _browserGate.Release();
        }
    }

    /// <summary>Debian's headless Chromium, as this machine runs it (Playwright's own download is not available).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });

    /// <summary>A new user name no other test uses.</summary>
    public static string NewUserName(string prefix = "u") => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned up by the OS eventually.
        }
    }

    /// <summary>A TCP port nobody listens on now (for the co-hosted silo's ports).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ChappFactory(string sqlitePath, int siloPort, IReadOnlyDictionary<string, string> settings)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Chapp:SqlitePath", sqlitePath);
            builder.UseSetting("Chapp:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Chapp:Dashboard", "false");
            // Every test signs up from 127.0.0.1; the per-address limit is tested with its own low setting elsewhere.
            builder.UseSetting("Chapp:Limits:AuthPerMinute", "10000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureServices(services => services.Configure<Chapp.Grains.PresenceOptions>(o => o.Expiry = PresenceExpiry));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
