using System.Linq.Expressions;
using System.Reflection;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// A property of <see cref="OrderState"/> that a step's description points at, read and written through the property
/// itself, so that what is stored stays the operator-readable column it maps to.
/// </summary>
public sealed class OrderStateProperty<T>
{
    readonly Func<OrderState, T> _get;
    readonly Action<OrderState, T> _set;

    public OrderStateProperty(Expression<Func<OrderState, T>> property)
    {
        var info = property.Body is MemberExpression { Member: PropertyInfo { SetMethod: { } setter } }
            ? setter
            : throw new ArgumentException($"{property} is not a settable property of {nameof(OrderState)}", nameof(property));
        Expression = property;
        _get = property.Compile();
        _set = info.CreateDelegate<Action<OrderState, T>>();
    }

    /// <summary>The property as an expression, for APIs that take one (a MassTransit schedule's token).</summary>
    public Expression<Func<OrderState, T>> Expression { get; }

    public T Get(OrderState order) => _get(order);

    public void Set(OrderState order, T value) => _set(order, value);
}
