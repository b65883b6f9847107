namespace Chapp.Web.Chat.Users;

/// <summary>A message named in an <c>"activity"</c> frame: its seq and its author's user name.</summary>
public sealed record ActivityMessage(long Seq, string Author);
