namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>Waits for a condition by checking it again and again until a deadline: never a fixed sleep.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Returns as soon as <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
                Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
