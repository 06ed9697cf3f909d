using System.Globalization;
using Saga.Benchmarks.Chaos;
using Saga.Benchmarks.OutboxLag;
using Saga.Benchmarks.Sagas;
using Saga.Benchmarks.Scale;
using Saga.Benchmarks.Sweep;

// Figures are read by scripts as well as people: the same decimal point everywhere.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// One command per benchmark; each prints a readable table and one machine-readable JSON line.
if (args is ["outbox-lag", .. var outboxLagArgs])
    return await OutboxLagCommand.RunAsync(outboxLagArgs);
if (args is ["sagas", .. var sagasArgs])
    return await SagasCommand.RunAsync(sagasArgs);
if (args is ["scale", .. var scaleArgs])
    return await ScaleCommand.RunAsync(scaleArgs);
if (args is ["sweep", .. var sweepArgs])
    return await SweepCommand.RunAsync(sweepArgs);
if (args is ["chaos", .. var chaosArgs])
    return await ChaosCommand.RunAsync(chaosArgs);

Console.Error.WriteLine("usage: Saga.Benchmarks outbox-lag|sagas|scale|sweep|chaos [options]   (<command> --help lists the options)");
return 2;
