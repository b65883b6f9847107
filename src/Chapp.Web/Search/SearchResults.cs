namespace Chapp.Web.Search;

/// <summary>A page of results, newest first; <paramref name="Page"/> counts from 1.</summary>
public sealed record SearchResults(string Query, IReadOnlyList<SearchResult> Results, int Page, bool HasMore);
