namespace Chapp.Grains.Search;

/// <summary>
/// Searches the rooms a user may read: the rooms in their room list (joined public rooms, their conversations and
/// groups; the room grains keep those lists in step with membership). Stateless: any silo serves any user.
/// Get one with <see cref="ChappGrainFactoryExtensions.GetSearch"/>.
/// </summary>
[Alias("Chapp.ISearchGrain")]
public interface ISearchGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Page <paramref name="page"/> (0 first, at most <see cref="SearchGrain.MaxPage"/>) of the messages holding every
    /// word of <paramref name="text"/>, in the rooms <paramref name="userName"/> may read. The caller must pass the
    /// authenticated user; there is no way to name rooms.
    /// </summary>
    [Alias("Search")]
    Task<SearchPage> Search(string userName, string text, int page);
}
