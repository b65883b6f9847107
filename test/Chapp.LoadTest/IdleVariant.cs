namespace Chapp.LoadTest;

/// <summary>A Chapp server (other settings, or another build with <c>DLL=</c>) to measure next to the defaults (idle, fanout, join, rooms).</summary>
/// <param name="Name">Its label in the output.</param>
/// <param name="Settings">Environment settings for that server.</param>
public sealed record IdleVariant(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings);
