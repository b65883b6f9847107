namespace Chapp.Web.Pages;

/// <summary>A room in the reader's list: its id and what to call it.</summary>
public sealed record JoinedRoom(string Id, string Label);
