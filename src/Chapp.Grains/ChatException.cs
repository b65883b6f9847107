namespace Chapp.Grains;

/// <summary>
/// The one exception a grain throws for a request it refuses. Its message is written for the user;
/// nothing was stored or published when it is thrown.
/// </summary>
[GenerateSerializer, Alias("Chapp.ChatException")]
public sealed class ChatException : Exception
{
    /// <summary>Creates a refusal with a message meant for the user.</summary>
    public ChatException(ChatErrorCode code, string message) : base(message) => Code = code;

    /// <summary>Why the request was refused.</summary>
    [Id(0)]
    public ChatErrorCode Code { get; }
}
