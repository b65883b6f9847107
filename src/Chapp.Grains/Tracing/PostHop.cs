namespace Chapp.Grains.Tracing;

/// <summary>The points a post passes on its way from the sender to the room's connections, in path order.</summary>
public enum PostHop
{
    /// <summary>When the load tool meant to send it (read from its text; the same monotonic clock on one machine).</summary>
    Scheduled,

    /// <summary>The hub's Send method starts.</summary>
    HubEntry,

    /// <summary>The room grain's Post turn starts.</summary>
    GrainEntry,

    /// <summary>The commit loop hands the batch holding it to the log.</summary>
    CommitStart,

    /// <summary>The SQLite writer thread takes the append off its queue.</summary>
    WriterTook,

    /// <summary>The SQLite writer's transaction has committed.</summary>
    WriterDone,

    /// <summary>The grain's commit loop runs again after the append.</summary>
    GrainResumed,

    /// <summary>The grain has offered the stored rows to this process's feed.</summary>
    Offered,

    /// <summary>The room's delivery pump takes it into a frame.</summary>
    PumpTook,

    /// <summary>The group send of that frame returned (the frame is in every connection's pipe).</summary>
    SendReturned,

    /// <summary>The pump reached the work queued behind the frame's socket writes.</summary>
    Settled,

    /// <summary>The hub's Send resumes with the stored message (its answer goes out next).</summary>
    HubResumed,

    /// <summary>The number of hops, not a hop.</summary>
    Count,
}
