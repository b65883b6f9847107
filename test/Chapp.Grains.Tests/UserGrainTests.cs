namespace Chapp.Grains.Tests;

/// <summary>User accounts: unique names by grain key, optimistic updates, joined rooms.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    internal static UserAccount NewAccount(string userName) => new(
        userName, userName.ToUpperInvariant(), "", "hash", "stamp", "c-1", null, true, 0, DateTimeOffset.UtcNow);

    private static string NewName() => "u" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_name_is_taken_once_whatever_its_case()
    {
        var name = NewName();
        Assert.True(await Grains.GetUser(name).Register(NewAccount(name)));

        var upper = name.ToUpperInvariant();
        Assert.False(await Grains.GetUser(upper).Register(NewAccount(upper)));

        var stored = await Grains.GetUser(upper).GetAccount();
        Assert.Equal(name, stored!.UserName);
        Assert.Equal(name, stored.DisplayName);
    }

    [Fact]
    public async Task All_digit_names_do_not_share_storage()
    {
        // The AdoNet provider reads all-digit keys as numbers; the key prefix keeps "007" and "7" apart.
        Assert.True(await Grains.GetUser("0070").Register(NewAccount("0070")));
        Assert.True(await Grains.GetUser("070").Register(NewAccount("070")));
        Assert.Equal("0070", (await Grains.GetUser("0070").GetAccount())!.UserName);
        Assert.Equal("070", (await Grains.GetUser("070").GetAccount())!.UserName);
    }

    [Fact]
    public async Task An_update_with_a_stale_concurrency_stamp_is_refused()
    {
        var name = NewName();
        var user = Grains.GetUser(name);
        await user.Register(NewAccount(name));

        Assert.True(await user.Update(NewAccount(name) with { AccessFailedCount = 1, ConcurrencyStamp = "c-2" }, "c-1"));
        Assert.False(await user.Update(NewAccount(name) with { AccessFailedCount = 9, ConcurrencyStamp = "c-3" }, "c-1"));

        var stored = await user.GetAccount();
        Assert.Equal(1, stored!.AccessFailedCount);
        Assert.Equal("c-2", stored.ConcurrencyStamp);
    }

    [Fact]
    public async Task Joined_rooms_are_remembered_once_in_order()
    {
        var name = NewName();
        var user = Grains.GetUser(name);
        await user.Register(NewAccount(name));

        var rust = await fixture.NewPublicRoomAsync();

        await user.JoinRoom("lobby");
        await user.JoinRoom(rust);
        await user.JoinRoom("lobby");
        await user.LeaveRoom("nowhere");

        Assert.Equal(["lobby", rust], await user.GetRooms());
    }

    [Fact]
    public async Task An_account_must_match_the_name_it_is_registered_under()
    {
        var name = NewName();
        var error = await Assert.ThrowsAsync<ChatException>(() => Grains.GetUser(name).Register(NewAccount("someone-else")));
        Assert.Equal(ChatErrorCode.Invalid, error.Code);
        Assert.Null(await Grains.GetUser(name).GetAccount());
    }
}
