namespace Saga.Participants.Shipping.Countries;

/// <summary>How long the shipping participant trusts its copy of <c>served_countries</c>, bound from <see cref="Section"/>.</summary>
public sealed class ServedCountryCacheOptions
{
    public const string Section = "Participants:Shipping:ServedCountries";

    /// <summary>The longest lifetime accepted: a removal should not go unnoticed for longer.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a country removed from the table, or its carrier changed, may still be served as before. A country added is
    /// served at once: a country not in the copy is always looked up. Zero reads the table on every order.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(30);
}
