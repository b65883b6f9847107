using Chapp.Grains;
using Chapp.Web.Search;

namespace Chapp.Web.Chat;

/// <summary>Search and history around a message: what a search result opens on.</summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// Page <paramref name="page"/> (from 1) of messages holding every word of <paramref name="query"/>, newest first,
    /// from the rooms in the caller's room list only: the hub takes no room, so a client cannot widen it.
    /// </summary>
    public Task<SearchResults> Search(string query, int page) =>
        Call(() => search.SearchAsync(UserName, query, page));

    /// <summary>Up to 50 messages around <paramref name="seq"/> (about half before it), oldest first.</summary>
    public async Task<IReadOnlyList<MessageFrame>> GetAround(string roomId, long seq) =>
        await names.FramesAsync(await Call(() => grains.GetRoom(roomId).GetAround(UserName, seq, PageSize)));
}
