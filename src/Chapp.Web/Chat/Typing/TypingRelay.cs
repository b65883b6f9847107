using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Chat.Typing;

/// <summary>
/// Carries typing notices to the room's connections: in this process straight to the SignalR group (which is all of
/// them in the embedded mode, one process).
/// </summary>
public sealed class TypingRelay
{
    /// <summary>The hub method name of <see cref="TypingFrame"/>s.</summary>
    public const string Method = "typing";

    /// <summary>Sends <paramref name="frame"/> to <paramref name="localRecipients"/> (the room's group here, less the caller).</summary>
    public Task SendAsync(TypingFrame frame, IClientProxy localRecipients) => localRecipients.SendAsync(Method, frame);
}
