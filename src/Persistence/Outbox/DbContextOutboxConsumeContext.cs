using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;

namespace Saga.Persistence.Outbox;

/// <summary>
/// The consume context MassTransit's outbox pipe runs the consumer with: everything sent or published goes to the
/// <see cref="OutboxWriter"/> instead of the broker. Delivery is not this context's job: once the transaction committed,
/// <see cref="EntityFrameworkOutboxContextFactory{TDbContext}"/> sends the batch (or leaves it to the delivery loop), so a
/// consumed message counts as delivered here and the pipe goes straight on to acknowledging it.
/// </summary>
public sealed class DbContextOutboxConsumeContext<TMessage> : OutboxConsumeContextProxy<TMessage>
    where TMessage : class
{
    readonly Func<Task> _flush;
    readonly OutboxWriter? _writer;
    bool _consumed;

    /// <summary>A context for the first delivery: the consumer runs, and its messages go to <paramref name="writer"/>.</summary>
    public DbContextOutboxConsumeContext(ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider,
        OutboxWriter writer, Func<Task> flush)
        : base(context, options, provider)
    {
        _writer = writer;
        _flush = flush;
    }

    /// <summary>A context for a message already consumed (committed, or found in the inbox): it is only acknowledged.</summary>
    public DbContextOutboxConsumeContext(ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider)
        : base(context, options, provider)
    {
        _flush = () => Task.CompletedTask;
        _consumed = true;
    }

    public override bool ContinueProcessing { get; set; } = true;

    public override bool IsMessageConsumed => _consumed;

    public override bool IsOutboxDelivered => _consumed;

    public override int ReceiveCount => 1;

    public override long? LastSequenceNumber => null;

    public override async Task SetConsumed()
    {
        await _flush();
        _consumed = true;
    }

    public override Task SetDelivered() => Task.CompletedTask;

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => Task.FromResult(new List<OutboxMessageContext>());

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => Task.CompletedTask;

    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> context)
    {
        if (_writer is null)
            throw new InvalidOperationException("A message that was already consumed cannot send anything");

        _writer.Add(context);
        return Task.CompletedTask;
    }
}
