using System.Text.Encodings.Web;
using System.Text.Json;
using Saga.Benchmarks.Measurement;
using Saga.Persistence.Dialects;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// Prints a run as a short table for people and one JSON line (starting <c>{"benchmark":"outbox-lag"</c>) for scripts.
/// Numbers are formatted with the invariant culture, which <c>Program</c> sets for the whole process.
/// </summary>
public static class OutboxLagReport
{
    // Relaxed escaping keeps "+" and "→" readable; the line is never embedded in HTML.
    static readonly JsonSerializerOptions JsonLine = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Print(OutboxLagResult result, TextWriter output)
    {
        var options = result.Options;
        var db = result.Database;
        var load = result.Load;
        var tables = result.Tables;

        output.WriteLine();
        output.WriteLine($"servers     {db.Product} {db.Version} ({db.Durability}) + RabbitMQ {result.BrokerVersion}, " +
                         (result.PrivateServers ? "private servers on this machine" : "servers given on the command line"));
        output.WriteLine($"load        {options.Writers} writer(s), {options.MessagesPerCommit} message(s) per commit, " +
                         $"{(options.ExplicitTransaction ? "explicit" : "implicit")} transaction" +
                         $"{(options.HoldTransaction > TimeSpan.Zero ? $" held {options.HoldTransaction.TotalMilliseconds:0} ms after SaveChanges" : "")}, " +
                         $"{(options.Rate is { } rate ? $"target {rate:0.#} msgs/s" : "unpaced")}; " +
                         $"{load.Messages.Count} messages measured after {result.WarmupMessagesSent} warm-up");
        output.WriteLine($"outbox      delivery batch size {options.DeliveryBatchSize}, delivery concurrency {options.DeliveryConcurrency}, " +
                         $"poll interval {options.PollInterval.TotalMilliseconds:0} ms");
        output.WriteLine($"clock       TimeProvider.System (DateTime.UtcNow), smallest step {result.ClockStep.TotalMicroseconds:0.###} µs; " +
                         (options.Provider == DatabaseProvider.PostgreSql ? "PostgreSQL stores delivered_at to the µs" : "SQLite stores delivered_at to 0.1 µs"));
        output.WriteLine($"machine     {Environment.ProcessorCount} CPU(s) shared by broker, database and benchmark; load average (1 min) " +
                         $"{Load(result.LoadBefore)} before, {Load(result.LoadAfter)} after; benchmark process CPU " +
                         $"{(result.LoadAfter.ProcessCpu - result.LoadBefore.ProcessCpu).TotalSeconds:0.0} s while measuring");
        output.WriteLine();
        output.WriteLine($"{"",-26}{"p50",10}{"p90",10}{"p99",10}{"max",10}{"mean",10}   ms");
        Row(output, "commit → confirm", result.Lag);
        Row(output, "written → confirm", result.WrittenToConfirm);
        Row(output, "SaveChanges per commit", result.Save);
        output.WriteLine();
        output.WriteLine($"throughput  committed {result.MessagesPerSecondCommitted:0} msgs/s ({result.CommitsPerSecond:0} commits/s over " +
                         $"{load.Elapsed.TotalSeconds:0.00} s); delivered {result.MessagesPerSecondDelivered:0} msgs/s (first write → last confirm " +
                         $"{result.FirstWriteToLastConfirm.TotalSeconds:0.00} s); last confirm {result.Drain.TotalMilliseconds:0} ms after last commit");
        output.WriteLine($"backlog     outbox_batches waiting while writing: max {result.Backlog.Max}, mean {result.Backlog.Mean:0.0} " +
                         $"({result.Backlog.Samples} counts, one per {BacklogSampler.Interval.TotalMilliseconds:0} ms)");
        output.WriteLine($"tables      outbox_messages {tables.OutboxMessages} ({tables.Undelivered} undelivered, {tables.PastRetention} past the " +
                         $"{tables.DeliveredRetention.TotalMinutes:0.#} min retention; cleanup every {tables.CleanupInterval.TotalMinutes:0.#} min), " +
                         $"outbox_batches {tables.OutboxBatches}, inbox_messages {tables.InboxMessages}");
        output.WriteLine($"broker      {result.QueuedMessages} messages routed to queue {BoundQueue.Name} " +
                         $"({result.WarmupMessagesSent} warm-up + {load.Messages.Count} measured)");
        if (result.Undelivered > 0 || result.NegativeLags > 0 || load.CommitTimesTakenAfterSave > 0)
        {
            output.WriteLine($"note        {result.Undelivered} measured message(s) undelivered, {result.NegativeLags} confirmed before their commit " +
                             $"was stamped (lag min {result.Lag.MinMs:0.000} ms), {load.CommitTimesTakenAfterSave} commit time(s) taken after SaveChanges returned");
        }

        if (result.LoadBefore.LoadAverage > Environment.ProcessorCount)
        {
            output.WriteLine($"WARNING     the machine was busy before the run (load average {Load(result.LoadBefore)} on {Environment.ProcessorCount} CPU(s)): " +
                             "other processes took CPU from the broker, the database and the benchmark");
        }

        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["benchmark"] = "outbox-lag",
            ["provider"] = options.Provider == DatabaseProvider.PostgreSql ? "postgresql" : "sqlite",
            ["database"] = $"{db.Product} {db.Version}",
            ["durability"] = db.Durability,
            ["broker"] = $"RabbitMQ {result.BrokerVersion}",
            ["private_servers"] = result.PrivateServers,
            ["writers"] = options.Writers,
            ["messages_per_commit"] = options.MessagesPerCommit,
            ["transaction"] = options.ExplicitTransaction ? "explicit" : "implicit",
            ["hold_transaction_ms"] = options.HoldTransaction.TotalMilliseconds,
            ["target_rate"] = options.Rate,
            ["delivery_batch_size"] = options.DeliveryBatchSize,
            ["delivery_concurrency"] = options.DeliveryConcurrency,
            ["poll_interval_ms"] = options.PollInterval.TotalMilliseconds,
            ["warmup_messages"] = result.WarmupMessagesSent,
            ["messages"] = load.Messages.Count,
            ["commits"] = load.Commits,
            ["write_seconds"] = Round(load.Elapsed.TotalSeconds),
            ["committed_msgs_per_s"] = Round(result.MessagesPerSecondCommitted),
            ["delivered_msgs_per_s"] = Round(result.MessagesPerSecondDelivered),
            ["lag_p50_ms"] = Round(result.Lag.P50Ms),
            ["lag_p90_ms"] = Round(result.Lag.P90Ms),
            ["lag_p99_ms"] = Round(result.Lag.P99Ms),
            ["lag_max_ms"] = Round(result.Lag.MaxMs),
            ["lag_mean_ms"] = Round(result.Lag.MeanMs),
            ["lag_min_ms"] = Round(result.Lag.MinMs),
            ["written_to_confirm_p50_ms"] = Round(result.WrittenToConfirm.P50Ms),
            ["written_to_confirm_p99_ms"] = Round(result.WrittenToConfirm.P99Ms),
            ["save_p50_ms"] = Round(result.Save.P50Ms),
            ["save_p99_ms"] = Round(result.Save.P99Ms),
            ["save_max_ms"] = Round(result.Save.MaxMs),
            ["drain_ms"] = Round(result.Drain.TotalMilliseconds),
            ["backlog_max_batches"] = result.Backlog.Max,
            ["backlog_mean_batches"] = Round(result.Backlog.Mean),
            ["outbox_messages"] = tables.OutboxMessages,
            ["outbox_batches"] = tables.OutboxBatches,
            ["inbox_messages"] = tables.InboxMessages,
            ["queued_messages"] = result.QueuedMessages,
            ["undelivered"] = result.Undelivered,
            ["negative_lags"] = result.NegativeLags,
            ["commit_times_after_save"] = load.CommitTimesTakenAfterSave,
            ["clock_step_us"] = Round(result.ClockStep.TotalMicroseconds),
            ["cpus"] = Environment.ProcessorCount,
            ["load_average_before"] = result.LoadBefore.LoadAverage,
            ["load_average_after"] = result.LoadAfter.LoadAverage,
            ["bench_cpu_seconds"] = Round((result.LoadAfter.ProcessCpu - result.LoadBefore.ProcessCpu).TotalSeconds),
        }, JsonLine));
    }

    static void Row(TextWriter output, string name, LatencySummary summary) =>
        output.WriteLine($"{name,-26}{summary.P50Ms,10:0.000}{summary.P90Ms,10:0.000}{summary.P99Ms,10:0.000}{summary.MaxMs,10:0.000}{summary.MeanMs,10:0.000}");

    static string Load(MachineLoad load) => load.LoadAverage is { } value ? $"{value:0.00}" : "n/a";

    static double Round(double value) => Math.Round(value, 3);

    }
