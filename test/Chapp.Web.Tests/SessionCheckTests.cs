using System.Net;
using Chapp.Grains;
using Chapp.Web.Identity;
using Chapp.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    [Fact]
    public async Task The_check_closes_every_connection_of_the_user_whose_stamp_changed_and_no_one_else_s()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        await using var bystander = await TestUser.SignUpAsync(app);
        var first = victim.NewHubConnection();
        var second = victim.NewHubConnection();
        var other = bystander.NewHubConnection();
        await Task.WhenAll(first.StartAsync(), second.StartAsync(), other.StartAsync());
        var closed = new[] { first, second }.Select(c =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            c.Closed += _ =>
            {
                done.TrySetResult();
                return Task.CompletedTask;
            };
            return done.Task;
        }).ToArray();

        // Another process logs the victim out: the stamp changes in the grain, nothing here is told.
        var grain = app.Services.GetRequiredService<IGrainFactory>().GetUser(victim.UserName);
        var account = (await grain.GetAccount())!;
        Assert.True(await grain.Update(account with { SecurityStamp = "rotated-2", ConcurrencyStamp = "next-2" }, account.ConcurrencyStamp));

        await Task.WhenAll(closed).WaitAsync(TimeSpan.FromSeconds(5));
        // Two more rounds of the once-a-second check pass the bystander by.
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.Equal(HubConnectionState.Connected, other.State);
        await other.InvokeAsync("LeaveRoom", "not-joined"); // still served
    }

    [Fact]
    public async Task A_copied_cookie_opens_no_hub_connection_a_second_after_log_out_in_another_process()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var stolen = SessionTests.CookieHeader(victim);
        await using (var before = SessionTests.StolenHubConnection(app.BaseAddress, stolen))
        {
            await before.StartAsync(); // the copy works, and this process now keeps the account's stamp
        }

        // Another process rotates the stamp in the grain; nothing here is told.
        var grain = app.Services.GetRequiredService<IGrainFactory>().GetUser(victim.UserName);
        var account = (await grain.GetAccount())!;
        Assert.True(await grain.Update(account with { SecurityStamp = "rotated", ConcurrencyStamp = "next" }, account.ConcurrencyStamp));
        await Task.Delay(app.Services.GetRequiredService<IOptions<SessionCheckOptions>>().Value.HubStampCacheTime + TimeSpan.FromMilliseconds(100));

        await using var after = SessionTests.StolenHubConnection(app.BaseAddress, stolen);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => after.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
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
