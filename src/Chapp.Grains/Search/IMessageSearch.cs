namespace Chapp.Grains.Search;

/// <summary>
/// Full-text search over the message log (SQLite FTS5 or PostgreSQL tsvector + GIN). It searches only the rooms it
/// is given: deciding which rooms a user may read is the caller's job (<see cref="ISearchGrain"/>), and the rooms
/// go into the query itself, so nothing outside them is ever read.
/// </summary>
public interface IMessageSearch
{
    /// <summary>
    /// Messages (current text, not deleted) of <paramref name="roomIds"/> holding every word of
    /// <paramref name="query"/>, newest first, skipping <paramref name="skip"/> and returning at most <paramref name="count"/>.
    /// </summary>
    Task<IReadOnlyList<ChatMessage>> SearchAsync(
        IReadOnlyCollection<string> roomIds, SearchQuery query, int skip, int count, CancellationToken cancellationToken = default);
}
