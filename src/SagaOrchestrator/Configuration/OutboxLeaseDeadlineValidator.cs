using Microsoft.Extensions.Options;
using Saga.Persistence.Outbox;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>
/// Refuses an orchestrator outbox lease that is not well below the shortest step deadline: a crashed instance's commands
/// wait out the lease before another sends them, and that wait must never cost an order its deadline. The deadlines are
/// taken as configured; one that is not positive is <see cref="OrderSagaOptionsValidator"/>'s to refuse.
/// </summary>
public sealed class OutboxLeaseDeadlineValidator(OrderStepTimeoutOptions deadlines) : IValidateOptions<TransactionalOutboxOptions<OrderSagaDbContext>>
{
    public ValidateOptionsResult Validate(string? name, TransactionalOutboxOptions<OrderSagaDbContext> options)
    {
        TimeSpan[] all = [deadlines.Payment, deadlines.Inventory, deadlines.Shipping, deadlines.Compensation];
        if (all.Any(x => x <= TimeSpan.Zero))
            return ValidateOptionsResult.Skip;

        return OutboxLeaseRules.CheckAgainstDeadline(options, all.Min(), OrderSagaRegistration.OutboxSection) is { } failure
            ? ValidateOptionsResult.Fail(failure)
            : ValidateOptionsResult.Success;
    }
}
