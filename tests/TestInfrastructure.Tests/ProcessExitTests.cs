using System.Diagnostics;

namespace Saga.TestInfrastructure.Tests;

/// <summary>
/// A killed process counts as gone only once none of its threads runs: until then it may still hold its sockets.
/// </summary>
public sealed class ProcessExitTests
{
    [Test]
    public async Task A_running_process_has_live_threads_and_a_killed_and_reaped_one_has_none()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })
                            ?? throw new InvalidOperationException("Could not start sleep.");
        var running = ServerProcesses.HasLiveThreads(process.Id);

        ServerProcesses.Signal([process.Id], NativeMethods.SigKill);
        var exited = await ServerProcesses.WaitUntilExitedAsync([process.Id], TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(running, Is.True, "before the kill");
            Assert.That(exited, Is.True, "within 10 s of SIGKILL");
            Assert.That(ServerProcesses.HasLiveThreads(process.Id), Is.False, "after it was reaped");
        }
    }

    [Test]
    public async Task Waiting_for_a_process_that_keeps_running_ends_at_the_timeout()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })
                            ?? throw new InvalidOperationException("Could not start sleep.");
        try
        {
            Assert.That(await ServerProcesses.WaitUntilExitedAsync([process.Id], TimeSpan.FromMilliseconds(200)), Is.False);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }
}
