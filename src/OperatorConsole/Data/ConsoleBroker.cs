using RabbitMQ.Client;
using Saga.Operations;
using Saga.Operations.Connection;

namespace Saga.OperatorConsole.Data;

/// <summary>
/// One RabbitMQ connection for all the console's pages and refreshes, opened on first use and again after it dropped:
/// the overview asks the error queues' counts every few seconds, which should not cost a connection each time.
/// </summary>
public sealed class ConsoleBroker(OperatorSettings settings) : IAsyncDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    IConnection? _connection;

    public async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true })
                return _connection;
            if (_connection is not null)
                await _connection.DisposeAsync();
            _connection = null;
            _connection = await Broker.ConnectAsync(settings, cancellationToken);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connection = null;
        _gate.Dispose();
    }
}
