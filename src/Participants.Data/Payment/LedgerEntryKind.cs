namespace Saga.Participants.Payment.Data;

public enum LedgerEntryKind
{
    Charge,
    Refund,
}
