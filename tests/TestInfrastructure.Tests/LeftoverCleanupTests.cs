using System.Globalization;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class LeftoverCleanupTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task The_servers_of_a_dead_test_process_are_stopped_and_their_directory_deleted(CancellationToken cancellationToken)
    {
        // Our pid with another start time: the pid of a test process that died and was reused since.
        var directory = Path.Combine(
            ServerDirectory.BaseDirectory,
            string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-1-rabbitmq-leftover{ServerDirectory.RandomToken(6)}"));
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        using var leftover = MarkedProcess.Start(directory);

        var removed = await ServerDirectory.CleanUpLeftoversAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(removed, Does.Contain(directory));
            Assert.That(await leftover.ExitsWithinAsync(TimeSpan.FromSeconds(10)), Is.True, "the leftover server process");
            Assert.That(Directory.Exists(directory), Is.False);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_servers_of_a_live_test_process_are_left_alone(CancellationToken cancellationToken)
    {
        var directory = ServerDirectory.Create("postgresql");
        using var server = MarkedProcess.Start(directory);
        try
        {
            var removed = await ServerDirectory.CleanUpLeftoversAsync();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(removed, Does.Not.Contain(directory));
                Assert.That(server.HasExited, Is.False);
                Assert.That(Directory.Exists(directory), Is.True);
                Assert.That(Directory.Exists(TestServers.RabbitMq.DataDirectory), Is.True, "the shared node's directory");
                Assert.That(Directory.Exists(TestServers.PostgreSql.DataDirectory), Is.True, "the shared cluster's directory");
            }
        }
        finally
        {
            server.Dispose();
            Directory.Delete(directory, recursive: true);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task When_the_owner_goes_away_the_watchdog_stops_the_server_and_deletes_its_directory(CancellationToken cancellationToken)
    {
        var directory = ServerDirectory.Create("rabbitmq");
        using var server = MarkedProcess.Start(directory);
        using var watchdog = ServerWatchdog.Start(directory, NativeMethods.SigTerm);
        Assert.That(watchdog.HasExited, Is.False, "the watchdog waits while its owner lives");

        // What the kernel does when this process dies: the watchdog's pipe closes.
        watchdog.Trigger();
        await watchdog.WaitForExitAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await server.ExitsWithinAsync(TimeSpan.FromSeconds(10)), Is.True, "the server process");
            Assert.That(Directory.Exists(directory), Is.False);
        }
    }
}
