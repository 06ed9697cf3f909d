using MassTransit;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Marks the execution flow of a message being consumed on a ledger endpoint, so that database work done for it (its
/// inbox transaction) can be told apart from the delivery loop's, which runs on flows of its own.
/// </summary>
public sealed class ConsumeFlowMarker : IFilter<ConsumeContext>
{
    static readonly AsyncLocal<bool> _consuming = new();

    public static bool IsConsuming => _consuming.Value;

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        // The in-memory transport runs each delivery inline until its first real await, and SQLite waits for its write
        // lock by blocking the thread: without this, one waiting copy would hold up the delivery of all the others, where
        // a broker client would have dispatched each on a task of its own.
        await Task.Yield();

        // Flows into everything the pipe awaits below, and ends with this call.
        _consuming.Value = true;
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("consume-flow-marker");
}
