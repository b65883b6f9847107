namespace Chapp.LoadTest;

/// <summary>A signed-in test account: its user name and the Cookie header that authenticates it.</summary>
public sealed record Account(string UserName, string CookieHeader);
