using Orleans.Concurrency;

namespace Chapp.Grains;

/// <summary>
/// The list of public rooms shown on the home page, and a copy of each public room's topic that the room keeps in
/// step (public rooms store no members, so readers' inboxes take their topics from here). One activation; small state.
/// </summary>
[Alias("Chapp.IRoomDirectoryGrain")]
public interface IRoomDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a public room to the list (idempotent).</summary>
    [Alias("Add")]
    Task Add(RoomSummary room);

    /// <summary>The public rooms, by name.</summary>
    [Alias("List")]
    Task<IReadOnlyList<RoomSummary>> List();

    /// <summary>Called by a public room when its topic changed ("" = none).</summary>
    [Alias("SetTopic")]
    Task SetTopic(string roomId, string topic);

    /// <summary>
    /// The topics of those of <paramref name="roomIds"/> whose topic is known here ("" = none); a room whose topic
    /// never changed since topics were kept here is left out.
    /// </summary>
    [Alias("Topics"), ReadOnly]
    Task<IReadOnlyDictionary<string, string>> Topics(IReadOnlyCollection<string> roomIds);
}
