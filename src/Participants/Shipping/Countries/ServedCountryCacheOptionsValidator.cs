using Microsoft.Extensions.Options;

namespace Saga.Participants.Shipping.Countries;

/// <summary>Refuses a negative lifetime, or one so long that a country removed would go on being served for hours.</summary>
public sealed class ServedCountryCacheOptionsValidator : IValidateOptions<ServedCountryCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ServedCountryCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        return options.Lifetime < TimeSpan.Zero || options.Lifetime > ServedCountryCacheOptions.MaxLifetime
            ? ValidateOptionsResult.Fail($"{ServedCountryCacheOptions.Section}:Lifetime must be between 00:00:00 and {ServedCountryCacheOptions.MaxLifetime:c}")
            : ValidateOptionsResult.Success;
    }
}
