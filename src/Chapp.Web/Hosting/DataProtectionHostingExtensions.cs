using Chapp.Silo;
using Chapp.Silo.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Chapp.Web.Hosting;

/// <summary>Data Protection (cookies, antiforgery) with its key ring in Chapp's database.</summary>
public static class DataProtectionHostingExtensions
{
    /// <summary>The application name every Chapp process protects with; payloads of another name are refused.</summary>
    public const string ApplicationName = "chapp";

    /// <summary>
    /// Shares one key ring between every process on the same database and across restarts. Without it each
    /// process keeps keys under its own home folder, and a cookie issued by one silo is refused by the next.
    /// </summary>
    public static IHostApplicationBuilder AddChappDataProtection(this IHostApplicationBuilder builder)
    {
        // The name, not the content root (the default), isolates payloads: processes installed in different
        // folders must still read each other's cookies.
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<ChappDatabase>((o, database) => o.XmlRepository = new DatabaseXmlRepository(database));
        // Keys are kept unencrypted in the database by design (README: guard the database like a key), so the key
        // manager's "no XML encryptor" warning on every new key would only alarm operators about a decision made.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        return builder;
    }
}
