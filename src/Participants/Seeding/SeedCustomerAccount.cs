namespace Saga.Participants.Seeding;

/// <summary>A demo customer account as seeded; <see cref="Currency"/> is an ISO 4217 code.</summary>
public sealed record SeedCustomerAccount(string CustomerId, string Currency, decimal CreditLimit);
