using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Saga.Persistence.Transitions;

/// <summary>
/// Refuses history settings that would delete what was meant to be kept or stop cleanup: a zero or negative retention
/// (other than infinite) would empty the history, a zero batch deletes nothing, a zero interval spins.
/// </summary>
public sealed class TransitionHistoryOptionsValidator<TDbContext>(string? section = null) : IValidateOptions<TransitionHistoryOptions<TDbContext>>
    where TDbContext : DbContext
{
    public ValidateOptionsResult Validate(string? name, TransitionHistoryOptions<TDbContext> options)
    {
        var rules = new OptionRules(OptionRules.PrefixFor(section, typeof(TransitionHistoryOptions<TDbContext>)));
        if (!options.KeepsEverything && options.Retention <= TimeSpan.Zero)
            rules.Fail($"{nameof(options.Retention)} must be a positive duration, or {Timeout.InfiniteTimeSpan} to keep every transition (got {options.Retention})");
        rules.Positive(nameof(options.CleanupInterval), options.CleanupInterval);
        rules.AtLeast(nameof(options.CleanupBatchSize), options.CleanupBatchSize, 1);
        rules.AtLeast(nameof(options.MaxBatchesPerPass), options.MaxBatchesPerPass, 1);
        return rules.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(rules.Failures);
    }
}
