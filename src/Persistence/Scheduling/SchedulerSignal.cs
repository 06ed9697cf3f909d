using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Scheduling;

/// <summary>Wakes the scheduler's dispatcher when a schedule was stored, since it may be due before the dispatcher's next wake-up.</summary>
public sealed class SchedulerSignal<TDbContext> : WakeUpSignal
    where TDbContext : DbContext;
