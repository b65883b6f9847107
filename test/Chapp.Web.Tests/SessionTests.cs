using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chapp.Web.Tests;

/// <summary>
/// A stolen cookie (copied from a shared computer, a proxy log, malware): log-out must end it, on pages and on the
/// hub, and close the hub connections already open. Hub checks are immediate on the shared server's default
/// interval (one minute); pages are checked on a server of their own that checks on every request.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SessionTests(AppFixture app)
{
    [Fact]
    public async Task After_log_out_a_copied_cookie_opens_no_hub_connection_and_open_ones_are_closed()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var stolen = CookieHeader(victim);
        var open = victim.NewHubConnection();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await open.StartAsync();
        await using (var before = StolenHubConnection(app.BaseAddress, stolen))
        {
            await before.StartAsync(); // the copy works while the victim is signed in
        }

        using var logout = await victim.PostFormAsync("/logout", []);

        Assert.Equal("/login", logout.RequestMessage!.RequestUri!.AbsolutePath);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await using var after = StolenHubConnection(app.BaseAddress, stolen);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => after.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Log_out_everywhere_on_the_home_page_ends_the_session()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var home = await user.Http.GetStringAsync("/");
        Assert.Contains("Log out everywhere", home, StringComparison.Ordinal);

        using var response = await user.PostFormAsync("/logout", [], formPage: "/");
        using var again = await user.Http.GetAsync("/");

        Assert.Equal("/login", again.RequestMessage!.RequestUri!.AbsolutePath);
    }

    internal static string CookieHeader(TestUser user) => user.Cookies.GetCookieHeader(user.Http.BaseAddress!);

    internal static HubConnection StolenHubConnection(Uri baseAddress, string cookieHeader) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hubs/chat"), o => o.Headers["Cookie"] = cookieHeader)
            .Build();
}
