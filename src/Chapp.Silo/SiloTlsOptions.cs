namespace Chapp.Silo;

/// <summary>
/// Silo-to-silo TLS, bound from <c>Chapp:SiloTls</c>. Every silo of a cluster loads the same certificate (a PKCS#12
/// file with its private key); a peer is admitted only when it presents that very certificate, so a self-signed one is
/// enough and a certificate that is merely valid somewhere else is not.
/// </summary>
public sealed class SiloTlsOptions
{
    /// <summary>Path of the cluster's PKCS#12 (.pfx) certificate, relative to the content root; empty turns TLS off.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the certificate file, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>True when a certificate is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
