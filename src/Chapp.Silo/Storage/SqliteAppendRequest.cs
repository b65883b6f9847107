using Chapp.Grains;

namespace Chapp.Silo.Storage;

/// <summary>
/// One caller's place in <see cref="SqliteMessageWriter"/>'s queue: the messages to store, completed when their commit
/// is. A search's request carries no messages and asks for the search index to catch up.
/// </summary>
internal sealed class SqliteAppendRequest(IReadOnlyList<ChatMessage> messages, bool catchUp)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The messages to store, none for a search.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; } = messages;

    /// <summary>Whether the commit must bring the search index up to date.</summary>
    public bool CatchUp { get; } = catchUp;

    /// <summary>Completes when the commit does, or fails with its error.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The commit holding these messages is durable.</summary>
    public void Succeed() => _completion.TrySetResult();

    /// <summary>The commit, or this request's own retry, failed.</summary>
    public void Fail(Exception error) => _completion.TrySetException(error);
}
