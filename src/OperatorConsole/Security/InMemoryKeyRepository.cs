using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Saga.OperatorConsole.Security;

/// <summary>
/// The data-protection key ring (which signs the operator cookie and the anti-forgery tokens) kept in memory only: no key
/// file on the machine to steal or to share, at the price that a restart signs every operator out.
/// </summary>
public sealed class InMemoryKeyRepository : IXmlRepository
{
    readonly List<XElement> _elements = [];
    readonly Lock _lock = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
            return [.. _elements.Select(e => new XElement(e))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
            _elements.Add(new XElement(element));
    }
}
