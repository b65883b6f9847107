using Chapp.Grains;

namespace Chapp.Web.Search;

/// <summary>
/// Search for the signed-in user, shared by the <c>/search</c> page and the hub: the search grain picks the rooms
/// (the user's room list) and this adds what the reader calls each room and the text around each match.
/// </summary>
public sealed class MessageSearch(IGrainFactory grains)
{
    /// <summary>
    /// Page <paramref name="page"/> (from 1) of <paramref name="me"/>'s results for <paramref name="query"/>. Throws
    /// <see cref="ChatException"/> with a readable message for a query or page it refuses.
    /// </summary>
    public async Task<SearchResults> SearchAsync(string me, string? query, int page)
    {
        var found = await grains.GetSearch().Search(me, query ?? string.Empty, page - 1);
        var names = found.Hits.Count == 0
            ? new Dictionary<string, string>()
            : (await grains.GetUserInbox(me).GetInbox()).Rooms.ToDictionary(r => r.RoomId, r => r.Label.Length > 0 ? r.Label : r.Name);
        var results = found.Hits
            .Select(m => new SearchResult(m.RoomId, names.GetValueOrDefault(m.RoomId, m.RoomId), m.Seq, m.AuthorName, m.SentAt,
                Snippet.Build(m.Text, found.Query.Terms)) { Html = MatchMarks.Render(m.Text, found.Query.Terms), EditedAt = m.EditedAt })
            .ToArray();
        return new SearchResults(string.Join(' ', found.Query.Terms), results, page, found.HasMore);
    }
}
