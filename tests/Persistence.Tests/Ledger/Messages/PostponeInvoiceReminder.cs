namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>Schedules the invoice's reminder again under the same token, <paramref name="RemindAfter"/> from now.</summary>
public sealed record PostponeInvoiceReminder(string Reference, Guid ReminderToken, TimeSpan RemindAfter);
