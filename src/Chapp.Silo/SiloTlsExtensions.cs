using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Chapp.Silo;

/// <summary>Mutual TLS between the silos of a Chapp cluster, pinned to the cluster's own certificate.</summary>
public static class SiloTlsExtensions
{
    /// <summary>Requires every silo connection, in and out, to present the certificate at <see cref="SiloTlsOptions.CertificatePath"/>.</summary>
    public static ISiloBuilder UseChappSiloTls(this ISiloBuilder silo, SiloTlsOptions tls, string contentRoot)
    {
        var certificate = Load(tls, contentRoot);
        var pinned = certificate.RawData;
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return silo.UseTls(certificate, o =>
        {
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Only the cluster's certificate opens the silo port: a chain that is valid elsewhere proves nothing here.
            o.RemoteCertificateValidation = (remote, _, _) => CryptographicOperations.FixedTimeEquals(remote.RawData, pinned);
            o.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = name;
        });
    }

    private static X509Certificate2 Load(SiloTlsOptions tls, string contentRoot)
    {
        var path = Path.GetFullPath(tls.CertificatePath!, contentRoot);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Chapp:SiloTls:CertificatePath names '{path}', which does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword);
        }
        catch (CryptographicException error)
        {
            throw new InvalidOperationException(
                $"Chapp:SiloTls: '{path}' is not a PKCS#12 certificate this password opens ({error.Message}).", error);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"Chapp:SiloTls: the certificate in '{path}' has no private key.");
    }
}
