using Orleans.Concurrency;

namespace Chapp.Grains.Search;

/// <summary>
/// Searches for one user at a time: reads the user's room list and hands exactly those rooms to the store's query.
/// A stateless worker, so searches run on the silo that received them and in parallel.
/// </summary>
[StatelessWorker]
public sealed class SearchGrain(IMessageSearch search) : Grain, ISearchGrain
{
    /// <summary>Results per page.</summary>
    public const int PageSize = 20;

    /// <summary>Last page one may ask for (0-based): deep pages cost more and nobody reads them.</summary>
    public const int MaxPage = 9;

    /// <inheritdoc />
    public async Task<SearchPage> Search(string userName, string text, int page)
    {
        var user = ChatRules.UserName(userName);
        var query = SearchQuery.Parse(text);
        if (page is < 0 or > MaxPage)
        {
            throw new ChatException(ChatErrorCode.Invalid, $"Search pages go from 1 to {MaxPage + 1}.");
        }

        var rooms = await GrainFactory.GetUser(user).GetRooms();
        if (rooms.Count == 0)
        {
            return new SearchPage(query, [], page, false);
        }

        // One more than a page tells whether there is a next one.
        var hits = await search.SearchAsync(rooms, query, page * PageSize, PageSize + 1);
        return new SearchPage(query, hits.Take(PageSize).ToArray(), page, hits.Count > PageSize && page < MaxPage);
    }
}
