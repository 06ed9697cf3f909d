namespace Saga.Exploration.Tests.Harness;

/// <summary>A message the relay holds back: a command the saga sent to a participant, or a participant's reply to the saga.</summary>
public sealed record HeldMessage(object Message, bool ToSaga)
{
    public override string ToString() => $"{Message.GetType().Name}{(ToSaga ? " → saga" : " → participant")}";
}
