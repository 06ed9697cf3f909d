using Saga.Settings.Listening;
using Microsoft.Extensions.Options;

namespace Saga.OperatorConsole.Configuration;

/// <summary>
/// Refuses settings the console cannot run safely with: an address that is not an http(s) URL, a non-loopback address
/// without any operator (every page would be open to the network), operators without a usable token, and bounds.
/// </summary>
public sealed class OperatorConsoleOptionsValidator : IValidateOptions<OperatorConsoleOptions>
{
    /// <summary>A token shorter than this is guessable; generate one with <c>openssl rand -base64 32</c>.</summary>
    public const int MinimumTokenLength = 16;

    const string S = OperatorConsoleOptions.Section;

    public ValidateOptionsResult Validate(string? name, OperatorConsoleOptions options)
    {
        var failures = new List<string>();
        if (!ListenUrl.TryParse(options.Url, out var url))
            failures.Add($"{S}:Url must be an absolute http or https URL such as http://127.0.0.1:8090 (it is '{options.Url}')");
        else if (!ListenUrl.IsLoopback(url) && options.Operators.Count == 0)
            failures.Add(NonLoopbackWithoutOperators(options.Url));

        // Actions are only ever taken by a signed-in operator: enabled without one, they could not be used at all.
        if (options.ActionsEnabled && options.Operators.Count == 0)
            failures.Add($"{S}:ActionsEnabled needs at least one operator to sign in: add one to {S}:Operators ({S}__Operators__NAME=TOKEN)");

        foreach (var (operatorName, token) in options.Operators)
        {
            if (string.IsNullOrWhiteSpace(operatorName) || operatorName.Length > 100)
                failures.Add($"{S}:Operators: an operator name must be 1 to 100 characters");
            else if (token is null || token.Length < MinimumTokenLength)
                failures.Add($"{S}:Operators:{operatorName} must be a token of at least {MinimumTokenLength} characters");
        }

        if (options.StuckAfter <= TimeSpan.Zero)
            failures.Add($"{S}:StuckAfter must be a positive duration");
        if (options.RefreshInterval < TimeSpan.FromSeconds(1))
            failures.Add($"{S}:RefreshInterval must be at least 00:00:01");
        if (options.ChartHours is < 1 or > 48)
            failures.Add($"{S}:ChartHours must be between 1 and 48");
        if (options.PageSize is < 1 or > 500)
            failures.Add($"{S}:PageSize must be between 1 and 500");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The refusal of a non-loopback address without operators, worded for the operator who configured it.</summary>
    public static string NonLoopbackWithoutOperators(string url) =>
        $"the console would listen on {url}, which is not a loopback address, and {S}:Operators is empty: " +
        $"anyone who can reach it would see every order. Configure at least one operator ({S}__Operators__NAME=TOKEN) or listen on 127.0.0.1";
}
