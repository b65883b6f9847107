namespace Chapp.Grains;

/// <summary>
/// The user events after a given seq, oldest first. <see cref="Reset"/> means the user grain no longer keeps them
/// all (or the seq is from the future): the client must load the whole inbox again.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.UserEvents")]
public sealed record UserEvents([property: Id(0)] IReadOnlyList<UserEvent> Events, [property: Id(1)] bool Reset);
