namespace Saga.Participants.Seeding;

/// <summary>A demo destination (ISO 3166-1 alpha-2) and its carrier.</summary>
public sealed record SeedServedCountry(string Code, string Carrier);
