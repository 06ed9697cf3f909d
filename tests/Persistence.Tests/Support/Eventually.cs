namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Waits for an outcome by checking it until it holds, and fails the test once a generous bound has passed: the wait is
/// as short as the system under test allows, and a missing outcome cannot hang the run.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    static readonly TimeSpan _checkInterval = TimeSpan.FromMilliseconds(20);

    public static async Task Until(Func<Task<bool>> condition, string outcome)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {Timeout.TotalSeconds:0} s waiting until {outcome}");
            await Task.Delay(_checkInterval);
        }
    }

    public static Task Until(Func<bool> condition, string outcome) => Until(() => Task.FromResult(condition()), outcome);
}
