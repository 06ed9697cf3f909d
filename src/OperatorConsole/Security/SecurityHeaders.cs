using Microsoft.AspNetCore.Http;

namespace Saga.OperatorConsole.Security;

/// <summary>
/// Headers on every console response: a content security policy that allows only the console's own script and stylesheet
/// (no inline script, no other origin, no framing), no content sniffing, no referrer, and no caching of pages that show orders.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // The values anti-forgery sets on pages with a form: the same here, so it has nothing to override (and warn about).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        return next(context);
    }
}
