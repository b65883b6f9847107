namespace Chapp.LoadTest;

/// <summary>A Chapp server setting to measure in the idle scenario, next to the defaults.</summary>
/// <param name="Name">Its label in the output.</param>
/// <param name="Settings">Environment settings for that server.</param>
public sealed record IdleVariant(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings);
