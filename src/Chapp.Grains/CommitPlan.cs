namespace Chapp.Grains;

/// <summary>
/// What one group commit will store (the numbered rows, in seq order) and how to answer each waiting change once it
/// is stored: with its row, with the message unchanged (a repeat that changes nothing), or with a refusal.
/// </summary>
internal sealed class CommitPlan(int changes)
{
    // Sized for the batch: one answer per change, at most one row each.
    private readonly List<(PendingChange Change, ChatMessage? Answer, ChatException? Refusal)> _answers = new(changes);

    public List<ChatMessage> Rows { get; } = new(changes);

    public void Store(PendingChange change, ChatMessage row)
    {
        Rows.Add(row);
        _answers.Add((change, row, null));
    }

    public void Unchanged(PendingChange change, ChatMessage message) => _answers.Add((change, message, null));

    public void Refuse(PendingChange change, ChatException refusal) => _answers.Add((change, null, refusal));

    /// <summary>Answers every change; call only after the rows are durable.</summary>
    public void Answer()
    {
        foreach (var (change, answer, refusal) in _answers)
        {
            if (refusal is not null)
            {
                change.Fail(refusal);
            }
            else
            {
                change.Complete(answer!);
            }
        }
    }
}
