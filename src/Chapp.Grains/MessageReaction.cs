namespace Chapp.Grains;

/// <summary>One emoji on a message and the user names of the people who added it, in the order they did.</summary>
[GenerateSerializer, Immutable, Alias("Chapp.MessageReaction")]
public sealed record MessageReaction(
    [property: Id(0)] string Emoji,
    [property: Id(1)] IReadOnlyList<string> Users);
