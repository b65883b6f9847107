using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Runtime;

namespace Chapp.Grains.Tests;

/// <summary>Silo-to-silo TLS: silos holding the cluster's certificate form a cluster; nobody else gets a connection.</summary>
public sealed class SiloTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("chapp-tls-").FullName;

    [Fact]
    public async Task Silos_with_the_cluster_certificate_form_a_cluster_and_a_stranger_cannot_connect()
    {
        var clusterCertificate = WriteSelfSigned("chapp-cluster", "cluster.pfx");
        var tls = new Dictionary<string, string?>
        {
            ["Chapp:SiloTls:CertificatePath"] = clusterCertificate,
            ["Chapp:SiloTls:CertificatePassword"] = "secret",
        };
        await using var database = await PostgresDatabase.CreateAsync();
        var clusterId = "tls-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId, tls);
        await using var second = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, clusterId, tls);

        var management = first.Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await management.GetHosts(onlyActive: true)).Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The two TLS silos did not form a cluster in 30 s.");
            await Task.Delay(200);
        }

        var posted = await first.Grains.GetRoom(ChappNames.LobbyRoomId).Post("tess", "Tess", "over TLS", "t1");
        Assert.Equal(posted, Assert.Single(await second.Grains.GetRoom(ChappNames.LobbyRoomId).GetLatest("tess", 10)));

        // The port speaks TLS and accepts the cluster's certificate (so the refusals below are not vacuous) …
        using var member = X509CertificateLoader.LoadPkcs12FromFile(clusterCertificate, "secret");
        using (var accepted = await HandshakeAsync(first.SiloPort, member))
        {
            Assert.True(accepted.IsMutuallyAuthenticated);
        }

        // … while an attacker who reaches the silo port with a certificate of their own is refused.
        using var stranger = X509CertificateLoader.LoadPkcs12FromFile(WriteSelfSigned("chapp-cluster", "stranger.pfx"), "secret");
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var refused = await HandshakeAsync(first.SiloPort, stranger);
            // TLS 1.3 reports a refused client certificate only on the first read.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            if (await refused.Stream.ReadAsync(new byte[1], timeout.Token) == 0)
            {
                throw new IOException("The silo closed the connection.");
            }
        });
        // Without TLS, the silo answers nothing an Orleans peer could use: the connection is closed.
        Assert.True(await PlainConnectionIsDroppedAsync(first.SiloPort));
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSelfSigned(string name, string file)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(_dir, file);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "secret"));
        return path;
    }

    private static async Task<TlsConnection> HandshakeAsync(int port, X509Certificate2 certificate)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "chapp-cluster",
            ClientCertificates = [certificate],
        });
        return new TlsConnection(client, ssl);
    }

    private sealed record TlsConnection(TcpClient Client, SslStream Stream) : IDisposable
    {
        public bool IsMutuallyAuthenticated => Stream.IsMutuallyAuthenticated;

        public void Dispose()
        {
            Stream.Dispose();
            Client.Dispose();
        }
    }

    private static async Task<bool> PlainConnectionIsDroppedAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(new byte[64]);
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            // Whatever comes back is at most a TLS alert; then the silo closes the connection.
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
