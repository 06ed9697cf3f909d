using System.Globalization;
using Microsoft.Extensions.Options;
using Saga.Contracts;

namespace Saga.Participants.Payment.FraudRules;

/// <summary>Decides an order's fraud check from <see cref="FraudCheckOptions"/>: null when it passes, else the reason it fails.</summary>
public sealed class FraudRule
{
    private readonly IOptionsMonitor<FraudCheckOptions> _options;

    public FraudRule(IOptionsMonitor<FraudCheckOptions> options)
    {
        _options = options;
    }

    public string? Check(CheckFraud command)
    {
        ArgumentNullException.ThrowIfNull(command);

        var options = _options.CurrentValue;
        if (options.BlockedCustomers.Contains(command.CustomerId, StringComparer.Ordinal))
            return $"customer {command.CustomerId} is blocked";

        if (options.MaxOrderAmount is { } max && command.Amount > max)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"amount {command.Amount:0.00} {command.Currency} is above the limit of {max:0.00}");
        }

        return null;
    }
}
