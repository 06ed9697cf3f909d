using Saga.Persistence.Transitions;

namespace Saga.Persistence.Tests.Transitions;

public sealed class TransitionHistoryOptionsValidatorTests
{
    static readonly TransitionHistoryOptionsValidator<AuditedDbContext> Validator = new("Orchestrator:History");

    [Test]
    public void The_defaults_keep_30_days_and_are_valid()
    {
        var options = new TransitionHistoryOptions<AuditedDbContext>();
        Assert.Multiple(() =>
        {
            Assert.That(options.Retention, Is.EqualTo(TimeSpan.FromDays(30)));
            Assert.That(Validator.Validate(null, options).Succeeded, Is.True);
        });
    }

    [Test]
    public void An_infinite_retention_is_valid()
    {
        var options = new TransitionHistoryOptions<AuditedDbContext> { Retention = TimeSpan.Parse("-00:00:00.001", System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Multiple(() =>
        {
            Assert.That(options.KeepsEverything, Is.True, "as written in settings");
            Assert.That(Validator.Validate(null, options).Succeeded, Is.True);
        });
    }

    [Test]
    public void A_zero_retention_a_zero_batch_and_a_zero_interval_are_refused_by_their_setting_names()
    {
        var result = Validator.Validate(null, new TransitionHistoryOptions<AuditedDbContext>
        {
            Retention = TimeSpan.Zero, CleanupBatchSize = 0, CleanupInterval = TimeSpan.Zero, MaxBatchesPerPass = 0,
        });

        Assert.That(result.Failures, Has.Some.StartsWith("Orchestrator:History:Retention")
            .And.Some.StartsWith("Orchestrator:History:CleanupBatchSize")
            .And.Some.StartsWith("Orchestrator:History:CleanupInterval")
            .And.Some.StartsWith("Orchestrator:History:MaxBatchesPerPass"));
    }
}
