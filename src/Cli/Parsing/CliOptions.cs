using System.CommandLine;

namespace Saga.Cli.Parsing;

/// <summary>Option and argument kinds several commands share, parsed and checked by System.CommandLine itself.</summary>
public static class CliOptions
{
    /// <summary>A duration option (see <see cref="Durations"/>); a bad value is a parse error, so exit code 2.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, TimeSpan? defaultValue = null)
    {
        var option = new Option<TimeSpan?>(name)
        {
            Description = description,
            HelpName = "DURATION",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Durations.TryParse(text, out var duration))
                    return duration;
                result.AddError($"{name}: '{text}' is not a duration like 30s, 10m, 2h or 1d");
                return null;
            },
        };
        if (defaultValue is not null)
            option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary><c>--by NAME</c>: the operator who acts, recorded in operator_actions; the OS user unless given.</summary>
    public static Option<string> By(string description)
    {
        var option = new Option<string>("--by") { Description = description, HelpName = "NAME", DefaultValueFactory = _ => Environment.UserName };
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
                result.AddError("--by must name someone");
        });
        return option;
    }

    public static Argument<Guid> OrderId() => new("orderId") { Description = "The order's id (the saga's correlation id)" };

    /// <summary>A whole number option with bounds, checked by the parser.</summary>
    public static Option<int> Number(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "N" };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"{name} must be between {min} and {max}");
        });
        return option;
    }
}
