using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Saga.Persistence.Scheduling;

/// <summary>Refuses scheduler settings that would stop it: no queue, a dispatch batch of 0, a zero poll interval.</summary>
public sealed class DurableSchedulerOptionsValidator<TDbContext>(string? section = null) : IValidateOptions<DurableSchedulerOptions<TDbContext>>
    where TDbContext : DbContext
{
    public ValidateOptionsResult Validate(string? name, DurableSchedulerOptions<TDbContext> options)
    {
        var rules = new OptionRules(OptionRules.PrefixFor(section, typeof(DurableSchedulerOptions<TDbContext>)));
        rules.Text(nameof(options.QueueName), options.QueueName, 256);
        rules.Positive(nameof(options.PollInterval), options.PollInterval);
        rules.AtLeast(nameof(options.DispatchBatchSize), options.DispatchBatchSize, 1);
        rules.NotNegative(nameof(options.StartupGrace), options.StartupGrace);
        return rules.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(rules.Failures);
    }
}
