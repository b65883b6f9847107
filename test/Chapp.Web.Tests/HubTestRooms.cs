using Chapp.Grains;

namespace Chapp.Web.Tests;

/// <summary>Small helpers the hub tests share: a fresh public room, and waiting for a condition.</summary>
internal static class HubTestRooms
{
    /// <summary>Creates a public room with a fresh id, made by <paramref name="creator"/>, and returns the id.</summary>
    public static async Task<string> NewPublicAsync(IGrainFactory grains, string creator)
    {
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        await grains.GetRoom(roomId).Create("Room " + roomId, RoomKind.Public, creator, []);
        return roomId;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after 5 s.</summary>
    public static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 5 s.");
            await Task.Delay(20);
        }
    }
}
