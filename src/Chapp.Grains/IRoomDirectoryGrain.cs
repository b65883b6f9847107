namespace Chapp.Grains;

/// <summary>The list of public rooms shown on the home page. One activation; small state.</summary>
[Alias("Chapp.IRoomDirectoryGrain")]
public interface IRoomDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a public room to the list (idempotent).</summary>
    [Alias("Add")]
    Task Add(RoomSummary room);

    /// <summary>The public rooms, by name.</summary>
    [Alias("List")]
    Task<IReadOnlyList<RoomSummary>> List();
}
