using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Saga.OperatorConsole.Components;
using Saga.OperatorConsole.Security;

namespace Saga.OperatorConsole.Hosting;

public static class OperatorConsoleEndpointExtensions
{
    /// <summary>
    /// The console's middleware, after routing and before the endpoints: the host names it answers to, security headers,
    /// the operator cookie, authorization and anti-forgery validation.
    /// </summary>
    public static IApplicationBuilder UseOperatorConsole(this IApplicationBuilder application)
    {
        application.UseHostFiltering();
        application.UseMiddleware<SecurityHeaders>();
        application.UseAuthentication();
        application.UseAuthorization();
        application.UseAntiforgery();
        return application;
    }

    /// <summary>
    /// Maps the console's pages, its stylesheet and script, the overview's live feed and sign-out. Where every page needs
    /// an operator (a non-loopback address) all of them require sign-in, except the sign-in page and its stylesheet.
    /// </summary>
    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder endpoints)
    {
        var access = endpoints.ServiceProvider.GetRequiredService<ConsoleAccess>();
        var pages = endpoints.MapRazorComponents<App>();
        var live = endpoints.MapGet(OverviewFeed.Path, OverviewFeed.StreamAsync);
        if (access.PagesNeedSignIn)
        {
            pages.RequireAuthorization(OperatorAuthentication.Policy);
            live.RequireAuthorization(OperatorAuthentication.Policy);
        }

        endpoints.MapGet($"{ConsoleAssets.PathPrefix}{{name}}", ConsoleAssets.Serve).AllowAnonymous();
        // A form post with its anti-forgery token: a link (GET) would let any other site sign the operator out.
        endpoints.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.BadRequest();
            await context.SignOutAsync(OperatorAuthentication.Scheme);
            return Results.Redirect("/");
        }).AllowAnonymous();
        return endpoints;
    }
}
