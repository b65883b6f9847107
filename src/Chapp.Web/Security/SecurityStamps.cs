using System.Collections.Concurrent;
using System.Security.Claims;
using Chapp.Grains;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chapp.Web.Security;

/// <summary>
/// The accounts' security stamps as this process last read them from the user grains, each believed for
/// <see cref="SessionCheckOptions.HubStampCacheTime"/> (a second): a user whose connections open by the hundred
/// (a reconnect storm, a load test) costs one grain call a second, not one per request. A change made through this
/// process (log-out, password change, deletion) forgets the user at once; one made by another process of a
/// cluster is seen within that time.
/// </summary>
public sealed class SecurityStamps(
    IGrainFactory grains,
    IOptions<SessionCheckOptions> sessions,
    IOptions<IdentityOptions> identity,
    TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Task<string?>> _reading = new(StringComparer.OrdinalIgnoreCase);

    // Bumped by every Forget: a read that started before one may have seen the old stamp, so it is not kept.
    private long _forgets;

    /// <summary>How many users' stamps are kept.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Whether <paramref name="principal"/>'s stamp claim is its account's current stamp (false for a deleted account
    /// or a principal without the claims). The stamp may have been read up to <see cref="SessionCheckOptions.HubStampCacheTime"/> ago.
    /// </summary>
    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        var claims = identity.Value.ClaimsIdentity;
        if (principal.FindFirstValue(claims.UserIdClaimType) is not { } userId
            || principal.FindFirstValue(claims.SecurityStampClaimType) is not { } stamp)
        {
            return false;
        }

        return string.Equals(await CurrentAsync(userId, sessions.Value.HubStampCacheTime), stamp, StringComparison.Ordinal);
    }

    /// <summary>
    /// The account's stamp, read from its grain unless a read made less than <paramref name="maxAge"/> ago is kept;
    /// null when there is no such account. Callers that find nothing kept share the user's one read in flight, so a
    /// burst of requests (hundreds of connections opening at once) costs one grain call, not one each.
    /// </summary>
    public async ValueTask<string?> CurrentAsync(string userId, TimeSpan maxAge)
    {
        if (maxAge > TimeSpan.Zero && _entries.TryGetValue(userId, out var kept) && clock.GetElapsedTime(kept.ReadAt) < maxAge)
        {
            return kept.Stamp;
        }

        var mine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = _reading.GetOrAdd(userId, mine.Task);
        if (reading == mine.Task)
        {
            await ReadAsync(userId, mine);
        }

        return await reading;
    }

    /// <summary>Drops what is kept of <paramref name="userId"/>: call it after this process changed the account.</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _forgets);
        _entries.TryRemove(userId, out _);
        // A read already on its way may have seen the old stamp: callers from now on start their own.
        _reading.TryRemove(userId, out _);
    }

    /// <summary>Drops the stamps too old to be believed (the session monitor calls it every round).</summary>
    public void Prune()
    {
        var maxAge = sessions.Value.HubStampCacheTime;
        foreach (var (userId, entry) in _entries)
        {
            if (clock.GetElapsedTime(entry.ReadAt) >= maxAge)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(userId, entry));
            }
        }
    }

    // Reads the stamp into `into`, keeps it unless a Forget came meanwhile, and ends the read's sharing.
    private async Task ReadAsync(string userId, TaskCompletionSource<string?> into)
    {
        try
        {
            var forgets = Volatile.Read(ref _forgets);
            var readAt = clock.GetTimestamp();
            var stamp = User(userId) is { } user ? (await user.GetAccount())?.SecurityStamp : null;
            if (Volatile.Read(ref _forgets) == forgets)
            {
                // Kept from when the read began, so a stamp is never believed longer than the cache time after it was current.
                _entries[userId] = new Entry(stamp, readAt);
            }

            into.SetResult(stamp);
        }
        catch (Exception error)
        {
            into.SetException(error);
        }
        finally
        {
            _reading.TryRemove(new KeyValuePair<string, Task<string?>>(userId, into.Task));
        }
    }

    // A name that breaks the rules cannot have an account (a forged claim): there is no grain to ask.
    private IUserGrain? User(string userId)
    {
        try
        {
            return grains.GetUser(userId);
        }
        catch (ChatException)
        {
            return null;
        }
    }

    private sealed record Entry(string? Stamp, long ReadAt);
}
