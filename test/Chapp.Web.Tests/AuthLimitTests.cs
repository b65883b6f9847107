using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chapp.Web.Tests;

/// <summary>
/// The per-address limit on log-in and sign-up posts, on a server of its own whose limit is 3 a minute
/// (the shared test server raises it so every test can sign up).
/// </summary>
public sealed class AuthLimitTests : IClassFixture<AuthLimitTests.LowLimitApp>
{
    private readonly LowLimitApp _app;

    public AuthLimitTests(LowLimitApp app) => _app = app;

    [Fact]
    public async Task The_fourth_log_in_post_in_a_minute_gets_a_readable_429_and_no_sign_in()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        string lastBody = string.Empty;
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var form = await client.GetStringAsync("/login");
            using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = "nobody_here",
                ["Input.Password"] = "Wrong-password-1",
                ["__RequestVerificationToken"] = TestUser.AntiforgeryToken(form),
            }));
            statuses.Add(response.StatusCode);
            lastBody = await response.Content.ReadAsStringAsync();
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("Too many attempts from your address", lastBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-password-1", lastBody, StringComparison.Ordinal);
    }

    /// <summary>An in-memory test server with a log-in limit of 3 posts a minute per address.</summary>
    public sealed class LowLimitApp : WebApplicationFactory<Program>
    {
        private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "chapp-limit-tests-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Chapp:SqlitePath", Path.Combine(_dataDir, "chapp.db"));
            builder.UseSetting("Chapp:SiloPort", Port());
            builder.UseSetting("Chapp:GatewayPort", Port());
            builder.UseSetting("Chapp:Dashboard", "false");
            builder.UseSetting("Chapp:Limits:AuthPerMinute", "3");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        private static string Port() => AppFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <inheritdoc />
        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
