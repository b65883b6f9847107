using System.Net;
using Chapp.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chapp.Web.Tests;

/// <summary>
/// The stamp checks that run at an interval, on a server whose interval is zero (pages checked on every request,
/// open hub connections every second): a copied cookie stops opening pages after log-out, and a connection open in
/// this process is closed when the stamp changes elsewhere (a log-out through another process of the cluster).
/// </summary>
public sealed class SessionCheckTests(SessionCheckTests.EveryRequestApp app) : IClassFixture<SessionCheckTests.EveryRequestApp>
{
    [Fact]
    public async Task After_log_out_a_copied_cookie_is_sent_to_the_log_in_page()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        using var attacker = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = app.BaseAddress,
        };
        var stolen = SessionTests.CookieHeader(victim);
        Assert.Equal(HttpStatusCode.OK, (await Get(attacker, stolen)).StatusCode);

        using var logout = await victim.PostFormAsync("/logout", []);
        using var after = await Get(attacker, stolen);

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/login", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task An_open_hub_connection_is_closed_when_the_stamp_changes_in_another_process()
    {
        await using var user = await TestUser.SignUpAsync(app);
        var connection = user.NewHubConnection();
        await connection.StartAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        // What a log-out through another web process does to the account; this process aborts nothing itself.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ChappUser>>();
            var account = await users.FindByNameAsync(user.UserName);
            await users.UpdateSecurityStampAsync(account!);
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string cookieHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookieHeader);
        return client.SendAsync(request);
    }

    /// <summary>A server that checks the stamp on every page request and open hub connections every second.</summary>
    public sealed class EveryRequestApp() : AppFixture(new Dictionary<string, string>
    {
        ["Chapp:Sessions:ValidationInterval"] = "00:00:00",
    });
}
