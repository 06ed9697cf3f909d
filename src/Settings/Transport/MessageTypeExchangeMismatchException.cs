namespace Saga.Settings.Transport;

/// <summary>A message whose envelope names other message types than the exchange it was published to (see <see cref="MessageTypeExchangeFilter"/>).</summary>
public sealed class MessageTypeExchangeMismatchException : Exception
{
    public MessageTypeExchangeMismatchException()
    {
    }

    public MessageTypeExchangeMismatchException(string message)
        : base(message)
    {
    }

    public MessageTypeExchangeMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MessageTypeExchangeMismatchException(string exchange, IEnumerable<string> messageTypes)
        : base($"published to exchange '{exchange}' but its envelope names [{string.Join(", ", messageTypes)}]; not consumed")
    {
    }
}
