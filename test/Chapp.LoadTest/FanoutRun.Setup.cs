using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>A run's accounts (made through the real sign-up pages) and rooms.</summary>
public sealed partial class FanoutRun
{
    // One room: the plan's. Several: created through Chapp's home page (spread over the accounts, whose room lists are
    // capped), or just named for the bare hub, where any id is a group.
    private async Task<string[]> RoomIdsAsync(Account[] accounts, CancellationToken cancellationToken)
    {
        if (plan.Rooms == 1)
        {
            return [plan.Room];
        }

        var prefix = string.Create(CultureInfo.InvariantCulture, $"lt{_run}");
        return plan.CreateRooms
            ? await RoomFactory.CreateAsync(plan.ReceiverUrl, accounts, prefix, plan.Rooms, 8, cancellationToken)
            : Enumerable.Range(0, plan.Rooms).Select(k => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{k}")).ToArray();
    }

    private async Task<(Account[] All, Account[] Senders)> MakeAccountsAsync(CancellationToken cancellationToken)
    {
        var factory = new AccountFactory(plan.ReceiverUrl, Password);
        var accounts = new Account[plan.Users];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Users),
            new ParallelOptions { MaxDegreeOfParallelism = options.SignupParallelism, CancellationToken = cancellationToken },
            async (i, ct) => accounts[i] = await factory.SignUpOrLogInAsync(UserName(i), ct));
        if (plan.SenderUrl == plan.ReceiverUrl)
        {
            return (accounts, accounts);
        }

        // Another server: log the senders in there too, so nothing depends on shared data-protection keys.
        var senderFactory = new AccountFactory(plan.SenderUrl, Password);
        var senders = new Account[plan.S];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.S),
            new ParallelOptions { MaxDegreeOfParallelism = options.SignupParallelism, CancellationToken = cancellationToken },
            async (i, ct) => senders[i] = await senderFactory.LogInAsync(UserName(i), ct)
                ?? throw new InvalidOperationException($"Could not log {UserName(i)} in at {plan.SenderUrl}."));
        return (accounts, senders);
    }

    private string UserName(int i) => string.Create(CultureInfo.InvariantCulture, $"lt{_run}u{i}");
}
