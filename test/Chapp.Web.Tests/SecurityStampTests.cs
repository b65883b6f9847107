using System.Security.Claims;
using Chapp.Grains;
using Chapp.Web.Security;
using Chapp.Web.Tests.Idle;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Tests;

/// <summary>
/// The hub requests' kept copy of each account's security stamp, on the real user grains with a clock the test
/// moves: a log-out through another process of a cluster (the stamp changed in the grain, nothing forgotten here) is
/// believed at most <see cref="SessionCheckOptions.HubStampCacheTime"/>; one through this process, not at all.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SecurityStampTests(AppFixture app)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_stamp_changed_in_another_process_stops_a_copied_cookie_once_the_cache_time_has_passed()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var (stamps, clock) = NewStamps();
        var stolen = await PrincipalAsync(victim.UserName);
        Assert.True(await stamps.IsCurrentAsync(stolen));

        await RotateStampInGrainAsync(victim.UserName);

        // The documented window: a stamp read less than the cache time ago is believed.
        clock.Advance(CacheTime - TimeSpan.FromMilliseconds(1));
        Assert.True(await stamps.IsCurrentAsync(stolen));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await stamps.IsCurrentAsync(stolen));
    }

    [Fact]
    public async Task A_change_made_through_this_process_is_seen_at_once()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var (stamps, _) = NewStamps();
        var stolen = await PrincipalAsync(victim.UserName);
        Assert.True(await stamps.IsCurrentAsync(stolen));

        await RotateStampInGrainAsync(victim.UserName);
        stamps.Forget(ChappGrainFactoryExtensions.Normalize(victim.UserName));

        Assert.False(await stamps.IsCurrentAsync(stolen));
    }

    [Fact]
    public async Task Forged_or_missing_claims_and_deleted_accounts_are_refused()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var (stamps, _) = NewStamps();
        var stolen = await PrincipalAsync(victim.UserName);
        var stamp = stolen.FindFirstValue(Claims.SecurityStampClaimType)!;

        Assert.False(await stamps.IsCurrentAsync(new ClaimsPrincipal(new ClaimsIdentity())));
        Assert.False(await stamps.IsCurrentAsync(Principal(ChappGrainFactoryExtensions.Normalize(victim.UserName), null)));
        Assert.False(await stamps.IsCurrentAsync(Principal("../" + victim.UserName, stamp)));
        Assert.False(await stamps.IsCurrentAsync(Principal(ChappGrainFactoryExtensions.Normalize(AppFixture.NewUserName()), stamp)));

        await Grains.GetUser(victim.UserName).Delete();
        Assert.False(await stamps.IsCurrentAsync(stolen));
    }

    [Fact]
    public async Task A_burst_of_connections_of_one_user_costs_one_grain_read()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var (factory, counter) = CountingGrainFactory.Wrap(Grains);
        var (stamps, _) = NewStamps(factory);
        var cookie = await PrincipalAsync(victim.UserName);

        // The attack: hundreds of hub connections opened at once with one cookie, each checked before it opens. The
        // first read's answer is held, so all 300 certainly ask while it is on its way.
        counter.Hold();
        var checks = Enumerable.Range(0, 300).Select(_ => stamps.IsCurrentAsync(cookie).AsTask()).ToArray();
        await counter.AnsweredAsync();
        counter.Release();
        var answers = await Task.WhenAll(checks);

        Assert.All(answers, Assert.True);
        Assert.Equal(1, counter.References);
    }

    [Fact]
    public async Task A_change_made_through_this_process_while_a_read_is_on_its_way_is_not_answered_by_that_read()
    {
        await using var victim = await TestUser.SignUpAsync(app);
        var (factory, counter) = CountingGrainFactory.Wrap(Grains);
        var (stamps, _) = NewStamps(factory);
        var userId = ChappGrainFactoryExtensions.Normalize(victim.UserName);
        var old = (await Grains.GetUser(victim.UserName).GetAccount())!.SecurityStamp;

        // The grain has answered with the old stamp, and the answer is still on its way when the stamp changes.
        counter.Hold();
        var onItsWay = stamps.CurrentAsync(userId, CacheTime).AsTask();
        await counter.AnsweredAsync();
        await RotateStampInGrainAsync(victim.UserName);
        stamps.Forget(userId); // what a log-out through this process does after changing the stamp
        var after = stamps.CurrentAsync(userId, CacheTime).AsTask();
        counter.Release();

        Assert.Equal(old, await onItsWay);
        Assert.Equal(2, counter.References);
        Assert.NotEqual(old, await after);
        Assert.Equal((await Grains.GetUser(victim.UserName).GetAccount())!.SecurityStamp, await after);
    }

    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    private ClaimsIdentityOptions Claims => app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;

    private (SecurityStamps Stamps, ManualClock Clock) NewStamps(IGrainFactory? grains = null)
    {
        var clock = new ManualClock();
        var stamps = new SecurityStamps(
            grains ?? Grains,
            Options.Create(new SessionCheckOptions { HubStampCacheTime = CacheTime }),
            app.Services.GetRequiredService<IOptions<IdentityOptions>>(),
            clock);
        return (stamps, clock);
    }

    // The claims the sign-in cookie carries, as the server would read them from it.
    private async Task<ClaimsPrincipal> PrincipalAsync(string userName)
    {
        var account = await Grains.GetUser(userName).GetAccount();
        return Principal(account!.NormalizedUserName, account.SecurityStamp);
    }

    private ClaimsPrincipal Principal(string userId, string? stamp)
    {
        var identity = new ClaimsIdentity("Identity.Application");
        identity.AddClaim(new Claim(Claims.UserIdClaimType, userId));
        if (stamp is not null)
        {
            identity.AddClaim(new Claim(Claims.SecurityStampClaimType, stamp));
        }

        return new ClaimsPrincipal(identity);
    }

    // What a log-out through another web process does to the account: this process's store is not involved.
    private async Task RotateStampInGrainAsync(string userName)
    {
        var grain = Grains.GetUser(userName);
        var account = (await grain.GetAccount())!;
        Assert.True(await grain.Update(
            account with { SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString() },
            account.ConcurrencyStamp));
    }
}
