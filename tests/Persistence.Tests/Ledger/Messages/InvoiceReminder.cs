namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>Scheduled by the ledger for when an invoice falls due; carries the due time it was scheduled for.</summary>
public sealed record InvoiceReminder(string Reference, DateTime DueAt);
