using Chapp.Silo.Schema;
using Orleans.Runtime;

namespace Chapp.Silo;

/// <summary>
/// Makes sure Chapp's schema exists before anything else in the silo starts: clustering and grain storage read
/// their queries from tables this creates.
/// </summary>
internal sealed class SchemaLifecycleParticipant(ChappDatabase database) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaLifecycleParticipant), ServiceLifecycleStage.First,
            cancellationToken => SchemaInstaller.EnsureAsync(database.Kind, database.StorageConnectionString, cancellationToken));
}
