using Saga.Contracts;
using Saga.Participants.Seeding;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>Orders against the participants' demo data; each failing one fails because of that data.</summary>
public static class TestOrders
{
    static readonly ShippingAddress Berlin = new("Friedrichstrasse 43", "Berlin", "10117", "DE");

    public static SubmitOrder Valid(decimal unitPrice = 9.90m) =>
        new(Guid.NewGuid(), ParticipantSeedData.WellFundedCustomerId, [new OrderItem(ParticipantSeedData.WellStockedSku, 2, unitPrice)], "EUR", Berlin);

    public static SubmitOrder OverCreditLimit() =>
        Valid() with { CustomerId = ParticipantSeedData.LowCreditCustomerId, Items = [new OrderItem(ParticipantSeedData.WellStockedSku, 1, 500m)] };

    public static SubmitOrder ShortOfStock() =>
        Valid() with { Items = [new OrderItem(ParticipantSeedData.UnknownSku, 1, 5m)] };

    public static SubmitOrder ToUnservedCountry() =>
        Valid() with { ShippingAddress = Berlin with { Country = ParticipantSeedData.UnservedCountryCodes[0] } };
}
