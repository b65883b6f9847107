namespace Chapp.Web.Security;

/// <summary>How a <see cref="TokenBuckets{TKey}"/> bucket fills: at most <paramref name="Limit"/> tokens,
/// <paramref name="PerPeriod"/> more at the end of each whole <paramref name="Period"/>.</summary>
/// <param name="Limit">Tokens a full bucket holds (the burst).</param>
/// <param name="PerPeriod">Tokens added per period.</param>
/// <param name="Period">The refill period.</param>
public readonly record struct BucketRule(int Limit, int PerPeriod, TimeSpan Period);
