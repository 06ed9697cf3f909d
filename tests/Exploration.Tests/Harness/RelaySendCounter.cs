using MassTransit;

namespace Saga.Exploration.Tests.Harness;

/// <summary>
/// Counts what the saga's bus sends to the relay's queue, as its outbox hands it over, so that a wait can tell a command
/// still on its way from no command at all.
/// </summary>
public sealed class RelaySendCounter(Relay relay) : ISendObserver
{
    public Task PreSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostSend<T>(SendContext<T> context)
        where T : class
    {
        if (context.DestinationAddress?.AbsolutePath.EndsWith(CommandCapture.Queue, StringComparison.Ordinal) == true)
            relay.CountCommandSent();
        return Task.CompletedTask;
    }

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
