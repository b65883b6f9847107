using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Chapp.Web.Tests;

/// <summary>
/// The co-hosted silo opens no Orleans gateway unless asked: an open gateway would let anyone who reaches the port
/// call grains directly, with any author or reader they like.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ClusterPortTests(AppFixture app)
{
    [Fact]
    public async Task The_app_with_default_settings_listens_on_no_gateway_port()
    {
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var silo = app.Services.GetRequiredService<ILocalSiloDetails>();

        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Null(silo.GatewayAddress);
        // The silo port itself answers (other silos need it), so the check above is not vacuous.
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", endpoints.SiloPort);
    }
}
