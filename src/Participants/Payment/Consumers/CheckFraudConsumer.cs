using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Payment.Data;
using Saga.Participants.Payment.FraudRules;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Payment.Consumers;

/// <summary>
/// Decides whether an order may go on (<see cref="FraudRule"/>), once per order: the decision is recorded before it is
/// published, and a repeated command is answered from the record, even if the rule changed since. The check only
/// decides, so there is no compensation.
/// </summary>
public sealed class CheckFraudConsumer : IConsumer<CheckFraud>
{
    private readonly PaymentDbContext _db;
    private readonly ISqlDialect _dialect;
    private readonly FraudRule _rule;
    private readonly TimeProvider _clock;

    public CheckFraudConsumer(PaymentDbContext db, DbContextDialect<PaymentDbContext> dialect, FraudRule rule, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(dialect);

        _db = db;
        _dialect = dialect.Dialect;
        _rule = rule;
        _clock = clock;
    }

    public async Task Consume(ConsumeContext<CheckFraud> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;

        await using var transaction = await ParticipantTransaction.BeginAsync(_db, cancellationToken);

        var now = _clock.GetUtcNow();
        var decision = _rule.Check(command) is { } reason
            ? FraudCheck.Fail(command.OrderId, NewId.NextGuid(), reason, now)
            : FraudCheck.Pass(command.OrderId, NewId.NextGuid(), now);

        // Inserted unless a decision is there already; either way the one recorded is the answer.
        await _db.TryRecordAsync(_dialect, decision, cancellationToken);
        var recorded = await _db.FraudChecks.AsNoTracking().SingleAsync(c => c.OrderId == command.OrderId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await (recorded.Passed
            ? context.Publish(new FraudCheckPassed(recorded.OrderId, recorded.CheckId))
            : context.Publish(new FraudCheckFailed(recorded.OrderId, recorded.Reason ?? "fraud check failed")));
    }
}
