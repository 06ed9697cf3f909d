using System.Collections.Concurrent;
using System.Diagnostics;
using CsCheck;
using Saga.Exploration.Tests.Harness;
using Saga.Exploration.Tests.Schedules;

namespace Saga.Exploration.Tests;

/// <summary>
/// Explores generated schedules of the order saga with the real participants. The number of schedules is
/// <c>SAGA_EXPLORATION_SCHEDULES</c> (default <see cref="DefaultSchedules"/>); <c>SAGA_EXPLORATION_SEED</c> replays a
/// printed seed. A failure prints the seed and the shrunk schedule, as C# to paste into <see cref="FoundScheduleTests"/>.
/// </summary>
public sealed class OrderSagaExplorationTests : ExplorationFixture
{
    const int DefaultSchedules = 1000;
    const int DefaultThreads = 16;
    const int MeaningfulSchedules = 200;

    static int Setting(string name, int otherwise) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : otherwise;

    [Test]
    public async Task Every_schedule_of_replies_cancels_faults_deadlines_and_retries_settles_with_balanced_books()
    {
        var schedules = Setting("SAGA_EXPLORATION_SCHEDULES", DefaultSchedules);

        // Schedules run side by side on the one host: each waits mostly for the others' commits, so many keep two cores busy.
        var threads = Setting("SAGA_EXPLORATION_THREADS", DefaultThreads);
        var seed = Environment.GetEnvironmentVariable("SAGA_EXPLORATION_SEED");
        var explored = 0;
        var outcomes = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();

        await ScheduleGenerator.Schedules.SampleAsync(async schedule =>
            {
                outcomes.AddOrUpdate(await Explore(schedule), 1, (_, count) => count + 1);
                Interlocked.Increment(ref explored);
            },
            writeLine: TestContext.Out.WriteLine, seed: string.IsNullOrEmpty(seed) ? null : seed, iter: schedules, threads: threads,
            print: schedule => schedule.ToString());

        TestContext.Out.WriteLine($"explored {explored} schedules in {clock.Elapsed.TotalSeconds:0.0} s on {threads} threads");
        TestContext.Out.WriteLine($"outcomes: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        Assert.That(explored, Is.GreaterThanOrEqualTo(schedules), "schedules explored");

        // An exploration that never completes an order, or never needs an operator, explores too little to mean anything.
        if (schedules >= MeaningfulSchedules)
            Assert.That(outcomes.Keys, Is.SupersetOf(new[] { "Completed", "Compensated", "Compensated after an operator's retry" }), "outcomes reached");
    }
}
