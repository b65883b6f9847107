using Chapp.Silo;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Chapp.Web.Operability;

/// <summary>Ready only while the app's database answers a cheap query that reads the schema marker table.</summary>
public sealed class DatabaseHealthCheck(ChappDatabase database, IServiceProvider services) : IHealthCheck
{
    /// <summary>The query: reads one row of a table only a Chapp schema has, so an empty or foreign database fails too.</summary>
    internal const string Probe = "SELECT count(*) FROM chapp_schema";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (database.Kind == DatabaseKind.PostgreSql)
            {
                await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(Probe);
                await command.ExecuteScalarAsync(cancellationToken);
            }
            else
            {
                await using var connection = new SqliteConnection(database.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = Probe;
                await command.ExecuteScalarAsync(cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database does not answer: " + error.Message);
        }
    }
}
