namespace Chapp.LoadTest;

/// <summary>One idle measurement.</summary>
/// <param name="Server">Which server (and variant).</param>
/// <param name="Seconds">The measured window.</param>
/// <param name="CpuPercent">User + system CPU in the window, in % of one core.</param>
/// <param name="WakeupsPerSecond">Context switches of its threads per second in the window.</param>
/// <param name="RssMb">Peak resident memory seen.</param>
/// <param name="LoadBefore">The machine's 1-minute load average when the window began.</param>
/// <param name="LoadAfter">The same when it ended.</param>
public sealed record IdleResult(string Server, double Seconds, double CpuPercent, double WakeupsPerSecond, double RssMb, double LoadBefore, double LoadAfter);
