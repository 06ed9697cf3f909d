using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saga.Hosting.Database;

namespace Saga.Hosting.Services;

/// <summary>
/// The verbs every service understands: <c>run</c> (the default) hosts the service until it is stopped; <c>migrate</c>
/// applies the database migrations and exits. Everything after the verb is .NET configuration (<c>--Section:Key value</c>).
/// </summary>
public static class ServiceCommandLine
{
    /// <summary>The exit code of a service that a start-up check refused to run (<see cref="StartupRefusedException"/>).</summary>
    public const int RefusedExitCode = 3;

    public static async Task<int> RunAsync(string serviceName, string[] args, Action<HostApplicationBuilder> configure)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        var configurationArgs = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        if (verb is not ("run" or "migrate"))
        {
            await Console.Error.WriteLineAsync($"usage: {serviceName} [run|migrate] [--Section:Key value ...]");
            return 2;
        }

        try
        {
            // Configuring reads settings too, so a value of the wrong type (an unknown name, say) fails here.
            var builder = ServiceHostBuilder.Create(configurationArgs);
            configure(builder);
            using var host = builder.Build();

            // Check every setting before anything starts, so that a bad one ends start-up with its name and nothing else.
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            if (verb == "migrate")
            {
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(_ => true, CancellationToken.None);
                return 0;
            }

            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (Refusal(e) is { } refused)
        {
            await Console.Error.WriteLineAsync($"{serviceName}: refused to start: {refused.Message}");
            return RefusedExitCode;
        }
        catch (Exception e) when (InvalidSettings(e) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
                await Console.Error.WriteLineAsync($"{serviceName}: invalid setting: {failure}");
            return 2;
        }
    }

    static StartupRefusedException? Refusal(Exception exception) => exception switch
    {
        StartupRefusedException refused => refused,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Refusal).FirstOrDefault(x => x is not null),
        _ => null,
    };

    static List<string> InvalidSettings(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        InvalidOperationException conversion when IsConversionFailure(conversion) => [conversion.Message],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(InvalidSettings).ToList(),
        _ => [],
    };

    // The configuration binder's own message names the setting and the value: "Failed to convert configuration value '…' at '…' …".
    static bool IsConversionFailure(InvalidOperationException exception) =>
        exception.InnerException is not null && exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);
}
