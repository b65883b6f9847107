namespace Chapp.LoadTest;

/// <summary>One message row <see cref="LogPrefill"/> writes.</summary>
public sealed record PrefillRow(string Room, long Seq, string Body, DateTimeOffset SentAt, string ClientId);
