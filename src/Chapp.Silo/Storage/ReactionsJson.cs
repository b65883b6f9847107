using System.Text.Json;
using Chapp.Grains;

namespace Chapp.Silo.Storage;

/// <summary>A message's reactions as stored in the <c>reactions</c> column: a JSON array, NULL when there are none.</summary>
internal static class ReactionsJson
{
    public static string? Write(IReadOnlyList<MessageReaction>? reactions) =>
        reactions is { Count: > 0 } ? JsonSerializer.Serialize(reactions) : null;

    public static IReadOnlyList<MessageReaction>? Read(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<MessageReaction[]>(json);
}
