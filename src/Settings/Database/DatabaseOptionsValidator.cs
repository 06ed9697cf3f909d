using Microsoft.Extensions.Options;

namespace Saga.Settings.Database;

/// <summary>Checks one named database section (the options name is the configuration path, e.g. <c>Orchestrator:Database</c>).</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
            failures.Add($"{name}:Provider must be Sqlite, PostgreSql or SqlServer");
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add($"{name}:ConnectionString is required");
        if (options.Schema is { } schema && !DatabaseSchemaName.IsValid(schema))
        {
            failures.Add($"{name}:Schema '{schema}' must be a plain identifier: ASCII letters, digits and underscores, not starting with a digit, " +
                         $"at most {DatabaseSchemaName.MaxLength} characters");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
