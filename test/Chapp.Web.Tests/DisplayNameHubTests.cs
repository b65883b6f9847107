using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chapp.Web.Tests;

/// <summary>The hub's display-name look-up (who reacted), as a page uses it and as an attacker tries to abuse it.</summary>
[Collection(WebCollection.Name)]
public sealed class DisplayNameHubTests(AppFixture app)
{
    [Fact]
    public async Task Display_names_come_back_for_known_users_and_a_name_without_an_account_stays_as_it_is()
    {
        await using var carol = await TestUser.SignUpAsync(app, displayName: "Carol <b>C</b>");
        await using var reader = await TestUser.SignUpAsync(app);
        var connection = reader.NewHubConnection();
        await connection.StartAsync();
        var nobody = AppFixture.NewUserName("nobody");

        var names = await connection.InvokeAsync<Dictionary<string, string>>("GetDisplayNames", new[] { carol.UserName.ToUpperInvariant(), nobody });

        Assert.Equal("Carol <b>C</b>", names[carol.UserName.ToUpperInvariant()]);
        Assert.Equal(nobody, names[nobody]);
    }

    [Fact]
    public async Task A_malformed_name_or_too_many_names_is_refused_with_a_clear_error()
    {
        await using var reader = await TestUser.SignUpAsync(app);
        var connection = reader.NewHubConnection();
        await connection.StartAsync();

        var malformed = await Assert.ThrowsAsync<HubException>(() =>
            connection.InvokeAsync<Dictionary<string, string>>("GetDisplayNames", new[] { "<script>", reader.UserName }));
        Assert.Contains("A user name is", malformed.Message, StringComparison.Ordinal);

        var many = Enumerable.Range(0, 101).Select(i => "user" + i).ToArray();
        var tooMany = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<Dictionary<string, string>>("GetDisplayNames", many));
        Assert.Contains("At most 100 names", tooMany.Message, StringComparison.Ordinal);

        // The connection still works after both.
        var names = await connection.InvokeAsync<Dictionary<string, string>>("GetDisplayNames", new[] { reader.UserName });
        Assert.Equal(reader.UserName, Assert.Single(names).Key);
    }
}
