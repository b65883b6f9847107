using Chapp.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Chapp.Web.Tests;

/// <summary>
/// Chapp's grain addresses skip Orleans' per-call interface lookup after the first reference of each kind; the
/// references they make must still be the very grains Orleans' own <c>GetGrain</c> names.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class GrainAddressTests(AppFixture app)
{
    [Fact]
    public void Kept_grain_types_address_the_same_grains_as_orleans_lookup()
    {
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var name = AppFixture.NewUserName();
        var room = "g-" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 2; i++)
        {
            // The first call of a kind may take Orleans' path; the second takes the kept types.
            Same(grains.GetGrain<IUserGrain>("user/" + name.ToUpperInvariant()), grains.GetUser(name));
            Same(grains.GetGrain<IUserInboxGrain>("user/" + name.ToUpperInvariant()), grains.GetUserInbox(name));
            Same(grains.GetGrain<IChatRoomGrain>("room/" + room), grains.GetRoom(room));
            Same(grains.GetGrain<IRoomPresenceGrain>("presence/" + room), grains.GetRoomPresence(room));
            Same(grains.GetGrain<IRoomDirectoryGrain>("public"), grains.GetRoomDirectory());
        }
    }

    [Fact]
    public void The_directory_cache_is_sized_for_chapp_not_for_orleans_default()
    {
        // Orleans allocates the whole table at start-up: its default million entries cost every process ~18 MiB.
        var options = app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;
        Assert.Equal(new Chapp.Silo.ChappOptions().GrainDirectoryCacheSize, options.CacheSize);
        Assert.True(options.CacheSize < GrainDirectoryOptions.DEFAULT_CACHE_SIZE);
    }

    private static void Same(IAddressable expected, IAddressable actual)
    {
        var (e, a) = ((GrainReference)expected, (GrainReference)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.IsType(expected.GetType(), actual);
    }
}
