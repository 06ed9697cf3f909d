using Saga.Operations;
using Saga.Operations.Actions;

namespace Saga.Cli.Commands;

/// <summary>
/// Records what <c>cancel</c>, <c>retry</c> and <c>errors move</c> did in the orchestrator database's
/// <c>operator_actions</c>, as the operator console records its actions. The action has happened by then: when the
/// database cannot take the record (unreachable, a read-only login, not migrated yet), a warning on stderr says so and
/// the command's output and exit code stay those of the action.
/// </summary>
public static class ActionRecorder
{
    public static async Task RecordAsync(CliContext context, string operatorName, string action, string target, string outcome, string? detail)
    {
        try
        {
            var log = new OperatorActionLog(context.Settings, TimeProvider.System);
            await log.RecordAsync(operatorName, action, target, outcome, detail, context.CancellationToken);
        }
        catch (OperationException e)
        {
            await context.Error.WriteLineAsync($"saga: warning: the {action} ({outcome}) was not recorded in operator_actions: {e.Message}");
        }
    }

    /// <summary>
    /// Runs <paramref name="act"/> and records its outcome. A failure once the action was under way (no answer in time, a
    /// message the broker did not take, nothing to move) is recorded as <c>failed</c> and then ends the command as before;
    /// a wrong setting or an unreachable broker stopped it before anything was asked of the system: nothing to record.
    /// </summary>
    public static async Task<T> RunAsync<T>(CliContext context, string operatorName, string action, string target, Func<Task<T>> act,
        Func<T, (string Outcome, string? Detail)> describe)
    {
        T result;
        try
        {
            result = await act();
        }
        catch (OperationException e) when (e.Kind is OperationFailure.Timeout or OperationFailure.Failed)
        {
            await RecordAsync(context, operatorName, action, target, ActionOutcomes.Failed, e.Message);
            throw;
        }

        var (outcome, detail) = describe(result);
        await RecordAsync(context, operatorName, action, target, outcome, detail);
        return result;
    }
}
