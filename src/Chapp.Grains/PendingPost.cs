namespace Chapp.Grains;

/// <summary>A validated post waiting for the room's next group commit.</summary>
internal sealed class PendingPost(MessageKey key, string authorName, string text)
{
    private readonly TaskCompletionSource<ChatMessage> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MessageKey Key { get; } = key;

    public string AuthorName { get; } = authorName;

    public string Text { get; } = text;

    public Task<ChatMessage> Completion => _completion.Task;

    public void Complete(ChatMessage message) => _completion.TrySetResult(message);

    public void Fail(Exception error) => _completion.TrySetException(error);
}
