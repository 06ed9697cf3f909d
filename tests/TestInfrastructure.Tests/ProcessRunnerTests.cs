using System.Diagnostics;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class ProcessRunnerTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Captures_output_error_and_exit_code(CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(
            "/bin/sh",
            ["-c", "echo \"out $SAGA_RUNNER_TEST\"; echo err >&2; exit 3"],
            TimeSpan.FromSeconds(20),
            new Dictionary<string, string?> { ["SAGA_RUNNER_TEST"] = "value" },
            cancellationToken: cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.StandardOutput, Is.EqualTo("out value\n"));
            Assert.That(result.StandardError, Is.EqualTo("err\n"));
            Assert.That(result.Succeeded, Is.False);
        }

        var failure = Assert.Throws<ProcessFailedException>(() => result.EnsureSuccess());
        Assert.That(failure.Message, Does.Contain("exited with code 3").And.Contain("err"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_timeout_kills_the_whole_process_tree(CancellationToken cancellationToken)
    {
        var marker = Path.Combine(ServerDirectory.BaseDirectory, "runner-timeout-" + ServerDirectory.RandomToken(8));
        var stopwatch = Stopwatch.StartNew();

        var timeout = Assert.ThrowsAsync<TimeoutException>(async () => await ProcessRunner.RunAsync(
            "/bin/sh",
            ["-c", "echo started; sleep 600 & sleep 600 & wait"],
            TimeSpan.FromSeconds(2),
            new Dictionary<string, string?> { [ServerProcesses.MarkerVariable] = marker },
            cancellationToken: cancellationToken));

        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        Assert.That(timeout.Message, Does.Contain("started"));
        Assert.That(await NoneLeftWithinAsync(marker, TimeSpan.FromSeconds(10)), Is.True, "the sleeps of the killed shell");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Cancellation_kills_the_whole_process_tree(CancellationToken cancellationToken)
    {
        var marker = Path.Combine(ServerDirectory.BaseDirectory, "runner-cancel-" + ServerDirectory.RandomToken(8));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(1));

        Assert.That(
            async () => await ProcessRunner.RunAsync(
                "/bin/sh",
                ["-c", "sleep 600 & wait"],
                TimeSpan.FromSeconds(50),
                new Dictionary<string, string?> { [ServerProcesses.MarkerVariable] = marker },
                cancellationToken: cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await NoneLeftWithinAsync(marker, TimeSpan.FromSeconds(10)), Is.True, "the sleep of the killed shell");
    }

    [Test]
    public void A_missing_program_is_reported_clearly()
    {
        Assert.That(
            async () => await ProcessRunner.RunAsync("/nonexistent/saga-program", [], TimeSpan.FromSeconds(5)),
            Throws.InvalidOperationException.With.Message.Contains("/nonexistent/saga-program"));
    }

    private static async Task<bool> NoneLeftWithinAsync(string marker, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (ServerProcesses.FindMarked(marker).Count > 0)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return true;
    }
}
