namespace Saga.Contracts;

/// <summary>
/// Asks the payment participant whether an order may go on (flow version 2 on, after its payment). It only decides: a
/// repeat is answered from the recorded decision, and there is nothing to undo.
/// </summary>
public sealed record CheckFraud(Guid OrderId, string CustomerId, decimal Amount, string Currency);
