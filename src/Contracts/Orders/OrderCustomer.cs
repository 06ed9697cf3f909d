namespace Saga.Contracts;

/// <summary>Who places a <see cref="SubmitOrderV2"/>: <see cref="Id"/> is what <see cref="SubmitOrder.CustomerId"/> was.</summary>
public sealed record OrderCustomer(string Id, PersonName Name, ContactDetails Contact);
