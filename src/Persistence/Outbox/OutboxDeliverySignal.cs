using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>Wakes the delivery loop of <typeparamref name="TDbContext"/>'s outbox as soon as a transaction with outbox messages committed.</summary>
public sealed class OutboxDeliverySignal<TDbContext> : WakeUpSignal
    where TDbContext : DbContext;
