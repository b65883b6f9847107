namespace Chapp.Grains.Search;

/// <summary>One page of search results, newest first.</summary>
[GenerateSerializer, Immutable, Alias("Chapp.SearchPage")]
public sealed record SearchPage(
    [property: Id(0)] SearchQuery Query,
    [property: Id(1)] IReadOnlyList<ChatMessage> Hits,
    [property: Id(2)] int Page,
    [property: Id(3)] bool HasMore);
