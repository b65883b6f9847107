using Chapp.Grains;

namespace Chapp.Web.Hosting;

/// <summary>Diagnostics that only the Testing environment maps: failover drills need to know where a grain lives.</summary>
public static class TestingEndpointExtensions
{
    /// <summary>The environment name that maps these endpoints.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>
    /// In the Testing environment only: <c>GET /testing/rooms/{roomId}/silo-port</c> answers the silo port of the silo
    /// that hosts the room's grain (404 when it is not active anywhere), asked of the management grain.
    /// </summary>
    public static WebApplication MapChappTestingEndpoints(this WebApplication app)
    {
        if (!app.Environment.IsEnvironment(TestingEnvironment))
        {
            return app;
        }

        app.MapGet("/testing/rooms/{roomId}/silo-port", async (string roomId, IGrainFactory grains) =>
        {
            var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetRoom(roomId));
            return address is null ? Results.NotFound() : Results.Text(address.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).AllowAnonymous();
        return app;
    }
}
