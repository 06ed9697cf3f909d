using Saga.Contracts;

namespace Saga.SagaOrchestrator.Submissions;

/// <summary>
/// A submitted order as the saga takes it in, whichever contract version carried it: <see cref="SubmitOrder"/> and
/// <see cref="SubmitOrderV2"/> are translated to this at the edge, so validation and the saga have one shape to work on
/// and both versions behave alike. The message comes from any client, so any part of it may be missing.
/// </summary>
/// <param name="Contact">The customer's name and contact details: <c>null</c> for a version-1 order, which has none.</param>
public sealed record OrderSubmission(
    Guid OrderId,
    string? CustomerId,
    IReadOnlyList<OrderItem>? Items,
    string? Currency,
    ShippingAddress? ShippingAddress,
    string? CustomerReference,
    SubmittedContact? Contact)
{
    /// <summary>The field that held the customer id, as a rejection names it: the versions put it in different places.</summary>
    public string CustomerIdField => Contact is null ? "CustomerId" : "Customer.Id";

    public static OrderSubmission From(SubmitOrder message) =>
        new(message.OrderId, message.CustomerId, message.Items, message.Currency, message.ShippingAddress, message.CustomerReference, Contact: null);

    /// <summary>A missing customer block, name or contact becomes missing fields, each then named by validation.</summary>
    public static OrderSubmission From(SubmitOrderV2 message) =>
        new(message.OrderId, message.Customer?.Id, message.Items, message.Currency, message.ShippingAddress, message.CustomerReference,
            new SubmittedContact(message.Customer?.Name?.Given, message.Customer?.Name?.Family, message.Customer?.Contact?.Email,
                message.Customer?.Contact?.Phone));
}
