using System.Globalization;
using Saga.Benchmarks.OutboxLag;

// Figures are read by scripts as well as people: the same decimal point everywhere.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// One command per benchmark; each prints a readable table and one machine-readable JSON line.
if (args is ["outbox-lag", .. var outboxLagArgs])
    return await OutboxLagCommand.RunAsync(outboxLagArgs);

Console.Error.WriteLine("usage: Saga.Benchmarks outbox-lag [options]   (outbox-lag --help lists the options)");
return 2;
