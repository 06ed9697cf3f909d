namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>
/// A command to charge an account for an invoice and remind the customer <paramref name="RemindAfter"/> later (by the
/// ledger's clock) under the schedule token <paramref name="ReminderToken"/> (an empty one: a token
/// the scheduler makes up). An invoice <paramref name="PaidOnIssue"/>
/// needs no reminder: the one just scheduled is cancelled again in the same consume.
/// </summary>
public sealed record IssueInvoice(string AccountId, decimal Amount, string Reference, Guid ReminderToken, TimeSpan RemindAfter,
    bool PaidOnIssue = false);
