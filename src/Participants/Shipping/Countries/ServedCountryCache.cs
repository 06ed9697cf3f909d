using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants.Shipping.Countries;

/// <summary>
/// The carriers of the served countries, read from <c>served_countries</c> at most once per
/// <see cref="ServedCountryCacheOptions.Lifetime"/> instead of on every order. A country missing from the copy is always
/// looked up in the table (the whole table is read again), so a country an operator adds is served from the next order on;
/// only a removal or a change of carrier can take up to the lifetime to be seen.
/// </summary>
public sealed class ServedCountryCache
{
    private readonly IOptions<ServedCountryCacheOptions> _options;
    private readonly TimeProvider _clock;
    private Snapshot? _snapshot;

    public ServedCountryCache(IOptions<ServedCountryCacheOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
    }

    /// <summary>The carrier that ships to <paramref name="countryCode"/> (ISO 3166-1 alpha-2, upper case); null if that country is not served.</summary>
    public async Task<string?> FindCarrierAsync(ShippingDbContext db, string countryCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        var lifetime = _options.Value.Lifetime;
        if (lifetime == TimeSpan.Zero)
        {
            return await db.ServedCountries.AsNoTracking()
                .Where(c => c.Code == countryCode)
                .Select(c => c.Carrier)
                .SingleOrDefaultAsync(cancellationToken);
        }

        var now = _clock.GetUtcNow();
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && now < snapshot.ExpiresAt && snapshot.Carriers.TryGetValue(countryCode, out var carrier))
            return carrier;

        var carriers = await db.ServedCountries.AsNoTracking()
            .ToDictionaryAsync(c => c.Code, c => c.Carrier, StringComparer.Ordinal, cancellationToken);
        Volatile.Write(ref _snapshot, new Snapshot(carriers, now + lifetime));
        return carriers.GetValueOrDefault(countryCode);
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, string> Carriers, DateTimeOffset ExpiresAt);
}
