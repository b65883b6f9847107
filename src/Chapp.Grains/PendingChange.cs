namespace Chapp.Grains;

/// <summary>Something waiting for the room's next group commit: a post or an event; answered with its stored row.</summary>
internal abstract class PendingChange
{
    private readonly TaskCompletionSource<ChatMessage> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ChatMessage> Completion => _completion.Task;

    public void Complete(ChatMessage message) => _completion.TrySetResult(message);

    public void Fail(Exception error) => _completion.TrySetException(error);
}
