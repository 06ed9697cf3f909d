namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>The invoice was paid: its pending reminder is cancelled by its token.</summary>
public sealed record SettleInvoice(string Reference, Guid ReminderToken);
