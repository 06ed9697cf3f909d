using System.Globalization;
using Microsoft.Extensions.Options;

namespace Saga.Participants.Payment.FraudRules;

/// <summary>Refuses a rule that cannot mean what was meant: a negative limit, or a blank customer id in the block list.</summary>
public sealed class FraudCheckOptionsValidator : IValidateOptions<FraudCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, FraudCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.MaxOrderAmount is < 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{FraudCheckOptions.Section}:MaxOrderAmount must not be negative, not {options.MaxOrderAmount}"));
        }

        if (options.BlockedCustomers.Any(string.IsNullOrWhiteSpace))
            failures.Add($"{FraudCheckOptions.Section}:BlockedCustomers must not contain a blank customer id");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
