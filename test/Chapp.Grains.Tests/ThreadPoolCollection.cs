namespace Chapp.Grains.Tests;

/// <summary>
/// Tests that read or load the process's thread pool (the commits' hand-back): they run alone, so no other test's
/// work sits in the queue they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "thread-pool";
}
