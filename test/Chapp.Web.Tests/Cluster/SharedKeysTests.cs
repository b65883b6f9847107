using System.Net;
using Chapp.Grains.Tests;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// Cookies and antiforgery tokens issued by one Chapp process are honoured by every other process on the same
/// database and after a restart: the Data Protection keys live in the database, not in each process's HOME.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SharedKeysTests
{
    [Fact]
    public async Task A_user_signed_up_on_one_silo_is_signed_in_on_another_and_its_form_tokens_work_there()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = ChappProcess.OnPostgres(database.ConnectionString);
        await using var a = await ChappProcess.StartAsync(settings);
        await using var b = await ChappProcess.StartAsync(settings);
        using var user = new ClusterUser();

        await user.SignUpAsync(a);

        var home = await user.GetStringAsync(b, "");
        Assert.Contains($"Signed in as <strong><bdi>{user.UserName}</bdi></strong>", home, StringComparison.Ordinal);

        // The log-out form as A rendered it, posted to B: B must accept A's token (400 otherwise).
        var tokenFromA = TestUser.AntiforgeryToken(await user.GetStringAsync(a, ""));
        using var logout = await user.PostAsync(b, "logout", tokenFromA);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location?.OriginalString);
        using var afterLogout = await user.GetAsync(a, "");
        Assert.Equal(HttpStatusCode.Redirect, afterLogout.StatusCode);
    }

    [Fact]
    public async Task A_restart_with_a_new_home_folder_keeps_the_user_signed_in()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chapp-restart-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string> { ["Chapp__SqlitePath"] = Path.Combine(folder, "chapp.db") };
        using var user = new ClusterUser();
        try
        {
            await using (var first = await ChappProcess.StartAsync(settings))
            {
                await user.SignUpAsync(first);
                await first.StopAsync(TimeSpan.FromSeconds(30));
            }

            // A new process has a new HOME, as a redeployed container has.
            await using var second = await ChappProcess.StartAsync(settings);
            var home = await user.GetStringAsync(second, "");
            Assert.Contains($"Signed in as <strong><bdi>{user.UserName}</bdi></strong>", home, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
