namespace Saga.Persistence;

/// <summary>
/// The checks shared by the outbox's and the scheduler's option validators: each adds a failure naming the setting as an
/// operator writes it (<c>Orchestrator:Outbox:DeliveryBatchSize</c>), or as a property when no section is known.
/// </summary>
internal sealed class OptionRules(string prefix)
{
    readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Positive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            _failures.Add($"{prefix}{name} must be a positive duration (got {value})");
    }

    public void NotNegative(string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
            _failures.Add($"{prefix}{name} must not be negative (got {value})");
    }

    public void AtLeast(string name, int value, int minimum)
    {
        if (value < minimum)
            _failures.Add($"{prefix}{name} must be at least {minimum} (got {value})");
    }

    public void Text(string name, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            _failures.Add($"{prefix}{name} must not be empty");
        else if (value.Length > maxLength)
            _failures.Add($"{prefix}{name} must be at most {maxLength} characters (got {value.Length})");
    }

    public void Fail(string failure) => _failures.Add($"{prefix}{failure}");

    /// <summary>The prefix for settings under <paramref name="section"/>, or for properties of <paramref name="options"/>.</summary>
    public static string PrefixFor(string? section, Type options) =>
        string.IsNullOrEmpty(section) ? $"{options.Name.Split('`')[0]}." : $"{section}:";
}
