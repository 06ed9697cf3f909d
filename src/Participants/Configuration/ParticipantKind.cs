namespace Saga.Participants.Configuration;

public enum ParticipantKind
{
    Payment,
    Inventory,
    Shipping,
}
