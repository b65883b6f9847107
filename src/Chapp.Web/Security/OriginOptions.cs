using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Security;

/// <summary>
/// Which other web origins may open the chat hub with a user's cookie, bound from <c>Chapp:AllowedOrigins</c>
/// (e.g. <c>https://chat.example.com</c>). The app's own origin is always allowed.
/// </summary>
public sealed class OriginOptions : IValidatableObject
{
    /// <summary>The configuration section these options are read from (the list is <c>Chapp:AllowedOrigins</c>).</summary>
    public const string SectionName = "Chapp";

    /// <summary>Origins (scheme, host and port) allowed besides the app's own.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedOrigins.Where(o => !OriginCheckMiddleware.TryParseOrigin(o, out _))
            .Select(o => new ValidationResult($"Chapp:AllowedOrigins: '{o}' is not an origin like https://chat.example.com."));
}
