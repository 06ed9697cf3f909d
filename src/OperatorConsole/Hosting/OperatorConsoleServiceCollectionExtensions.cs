using Saga.Settings.Listening;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Saga.Operations;
using Saga.Operations.Actions;
using Saga.Operations.Outbox;
using Saga.OperatorConsole.Configuration;
using Saga.OperatorConsole.Data;
using Saga.OperatorConsole.Security;

namespace Saga.OperatorConsole.Hosting;

public static class OperatorConsoleServiceCollectionExtensions
{
    /// <summary>The name the broker shows for the console's connections.</summary>
    public const string BrokerClientName = "saga-console";

    /// <summary>
    /// Adds the console: its settings (<c>Console:…</c>, then <paramref name="configure"/>, validated at start), the
    /// operator's settings read from the same <paramref name="configuration"/> as the <c>saga</c> tool reads them, the
    /// pages, the operator cookie, anti-forgery, and data-protection keys kept in memory (a restart signs operators out).
    /// </summary>
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services, IConfiguration configuration,
        Action<OperatorConsoleOptions>? configure = null)
    {
        services.AddOptions<OperatorConsoleOptions>()
            .Bind(configuration.GetSection(OperatorConsoleOptions.Section))
            .Configure(options => configure?.Invoke(options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorConsoleOptions>, OperatorConsoleOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.AddSingleton(_ => OperatorSettings.From(configuration, clientName: BrokerClientName));
        services.AddSingleton(ConfiguredOutboxes.In(configuration));
        services.AddSingleton<ConsoleBroker>();
        services.AddSingleton<ConsoleReader>();
        services.AddSingleton<OperatorActions>();
        services.AddSingleton<OperatorActionLog>();
        services.AddSingleton<OperatorTokens>();
        services.AddSingleton(provider => Access(provider.GetRequiredService<IOptions<OperatorConsoleOptions>>().Value));

        services.AddRouting();
        // On loopback, only this machine's names: a page of another site whose name was made to resolve to 127.0.0.1
        // (DNS rebinding) gets a 400 instead of the console's pages.
        services.AddHostFiltering(_ => { });
        services.AddOptions<HostFilteringOptions>().Configure<IOptions<OperatorConsoleOptions>>((hosts, console) =>
            hosts.AllowedHosts = Access(console.Value).PagesNeedSignIn ? ["*"] : [.. LoopbackNames]);
        services.AddRazorComponents();
        // No key ring on disk: the console keeps nothing worth a persistent key, and a restart only signs operators out.
        services.AddDataProtection().SetApplicationName("saga-console");
        services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = new InMemoryKeyRepository());
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "saga-console-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication(OperatorAuthentication.Scheme).AddCookie(OperatorAuthentication.Scheme, cookie =>
        {
            cookie.Cookie.Name = OperatorAuthentication.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = OperatorAuthentication.SignInPath;
            cookie.LogoutPath = "/signout";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.Events = new CookieAuthenticationEvents
            {
                // A page asked for without sign-in leads to the sign-in page; a form posted without it is refused outright.
                OnRedirectToLogin = context =>
                {
                    if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                        context.Response.Redirect(context.RedirectUri);
                    else
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                },
                OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization(authorization => authorization.AddPolicy(OperatorAuthentication.Policy,
            policy => policy.AddAuthenticationSchemes(OperatorAuthentication.Scheme).RequireAuthenticatedUser()));
        return services;
    }

    static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    static ConsoleAccess Access(OperatorConsoleOptions options)
    {
        var loopback = ListenUrl.TryParse(options.Url, out var url) && ListenUrl.IsLoopback(url);
        return new ConsoleAccess(options.ActionsEnabled, PagesNeedSignIn: !loopback, OperatorsConfigured: options.Operators.Count > 0);
    }
}
