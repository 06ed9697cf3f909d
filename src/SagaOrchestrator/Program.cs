using Saga.SagaOrchestrator.Demo;

return args switch
{
    ["demo", .. var rest] => await DemoCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: SagaOrchestrator demo [--orders N] [--data DIR]

          demo    run the orchestrator and the payment, inventory and shipping participants in one process
                  (in-memory transport, SQLite files), submit a mix of orders and show where each ended.
        """);
    return 2;
}
