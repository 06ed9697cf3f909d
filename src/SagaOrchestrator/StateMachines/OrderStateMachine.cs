using System.Linq.Expressions;
using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.SagaOrchestrator.Validation;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// The order saga: validate, then the steps of the order's flow (<see cref="OrderFlows"/>: payment → inventory → shipping,
/// from version 2 with a fraud check after the payment); on a failure, a cancellation or a step that does not
/// answer by its deadline, undo the completed steps in reverse order. Replies that arrive after the saga moved on are
/// never dropped: a late success is compensated, a duplicate is recognised by its reference, and anything inconsistent
/// faults to the error queue for an operator.
/// </summary>
public sealed partial class OrderStateMachine : MassTransitStateMachine<OrderState>
{
    /// <summary>The <see cref="OrderState.FailureReason"/> (and <see cref="OrderCompensated"/> reason) of an order given up because a step did not answer in time.</summary>
    public const string StepTimeoutReason = "timeout";

    /// <summary>The <see cref="CompensationRetryAccepted.Step"/> of a retry that found nothing left to undo: the order is then Compensated at once.</summary>
    public const string NothingLeftToUndo = "none";

    /// <summary>How much of <see cref="RetryCompensation.RequestedBy"/> is kept in <see cref="OrderState.LastRetryBy"/>.</summary>
    public const int MaxRequestedByLength = OrderState.MaxLastRetryByLength;

    readonly ParticipantAddresses _addresses;
    readonly OrderStepDeadlines _deadlines;
    readonly OrderFlow _newOrderFlow;
    readonly ILogger<OrderStateMachine> _logger;
    readonly int[] _deadlineWarned = new int[Enum.GetValues<OrderStep>().Length];
    readonly Dictionary<OrderStep, IStepDeadline> _stepDeadlines = [];
    readonly TimeProvider _timeProvider;

    /// <param name="newOrderFlow">The flow new orders start on (<c>Orchestrator:DefinitionVersion</c>); every known flow's orders are run.</param>
    public OrderStateMachine(ParticipantAddresses addresses, OrderStepDeadlines deadlines, OrderFlow newOrderFlow, ILogger<OrderStateMachine> logger,
        TimeProvider timeProvider)
    {
        _addresses = addresses;
        _deadlines = deadlines;
        _newOrderFlow = newOrderFlow;
        _logger = logger;
        _timeProvider = timeProvider;

        InstanceState(x => x.CurrentState);
        ConfigureEvents();

        // Schedules are declared before any activity that uses them: an activity keeps the schedule it was built with.
        Schedule(() => CompensationDeadline, x => x.CompensationDeadlineTokenId,
            s => Deadline(s, _deadlines.Compensation, (CompensationStepTimedOut m) => m.OrderId));
        ConfigureStepDeadline(OrderSteps.Payment, () => PaymentDeadline, m => m.OrderId, m => m.DueAt);
        ConfigureStepDeadline(OrderSteps.FraudCheck, () => FraudCheckDeadline, m => m.OrderId, m => m.DueAt);
        ConfigureStepDeadline(OrderSteps.Inventory, () => InventoryDeadline, m => m.OrderId, m => m.DueAt);
        ConfigureStepDeadline(OrderSteps.Shipping, () => ShippingDeadline, m => m.OrderId, m => m.DueAt);
        ConfigureCompensationDeadline();

        Initially(
            When(OrderSubmitted)
                .Then(context => context.Saga.DefinitionVersion = _newOrderFlow.Version)
                .Then(context => Accept(context))
                .IfElse(context => context.Saga.FailureKind is null,
                    valid => valid
                        .StartStep(_newOrderFlow.First, this)
                        .TransitionTo(AwaitingStateOf(_newOrderFlow.First)),
                    invalid => invalid
                        .Publish(context => new OrderRejected(context.Saga.OrderId, context.GetPayload<OrderValidation>().Reasons))
                        .TransitionTo(Rejected)));

        ConfigureStep(OrderSteps.Payment, PaymentProcessed, m => m.PaymentId, PaymentDeclined, m => m.Reason, PaymentFaulted,
            PaymentRefunded, m => m.PaymentId, PaymentRefundFaulted);
        ConfigureStep(OrderSteps.FraudCheck, FraudCheckPassed, m => m.CheckId, FraudCheckFailed, m => m.Reason, FraudCheckFaulted);
        ConfigureStep(OrderSteps.Inventory, InventoryReserved, m => m.ReservationId, InventoryReservationFailed, m => m.Reason, InventoryFaulted,
            InventoryReleased, m => m.ReservationId, InventoryReleaseFaulted);
        ConfigureStep(OrderSteps.Shipping, ShipmentScheduled, m => m.ShipmentId, ShipmentSchedulingFailed, m => m.Reason, ShippingFaulted,
            ShipmentCancelled, m => m.ShipmentId, ShipmentCancellationFaulted);

        ConfigureCancellation();
        ConfigureCompensationRetry();

        DuringAny(
            When(OrderSubmitted).Then(context => LogDuplicateSubmission(_logger, context.Saga.CorrelationId, context.Saga.CurrentState)));
    }

    public State AwaitingPayment { get; private set; } = null!;
    public State AwaitingFraudCheck { get; private set; } = null!;
    public State AwaitingInventory { get; private set; } = null!;
    public State AwaitingShipment { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Compensating { get; private set; } = null!;
    public State Compensated { get; private set; } = null!;
    public State CompensationFailed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;

    public Event<SubmitOrder> OrderSubmitted { get; private set; } = null!;
    public Event<CancelOrder> CancelRequested { get; private set; } = null!;
    public Event<RetryCompensation> RetryRequested { get; private set; } = null!;

    public Event<PaymentProcessed> PaymentProcessed { get; private set; } = null!;
    public Event<PaymentDeclined> PaymentDeclined { get; private set; } = null!;
    public Event<Fault<ProcessPayment>> PaymentFaulted { get; private set; } = null!;
    public Event<PaymentRefunded> PaymentRefunded { get; private set; } = null!;
    public Event<Fault<RefundPayment>> PaymentRefundFaulted { get; private set; } = null!;

    public Event<FraudCheckPassed> FraudCheckPassed { get; private set; } = null!;
    public Event<FraudCheckFailed> FraudCheckFailed { get; private set; } = null!;
    public Event<Fault<CheckFraud>> FraudCheckFaulted { get; private set; } = null!;

    public Event<InventoryReserved> InventoryReserved { get; private set; } = null!;
    public Event<InventoryReservationFailed> InventoryReservationFailed { get; private set; } = null!;
    public Event<Fault<ReserveInventory>> InventoryFaulted { get; private set; } = null!;
    public Event<InventoryReleased> InventoryReleased { get; private set; } = null!;
    public Event<Fault<ReleaseInventory>> InventoryReleaseFaulted { get; private set; } = null!;

    public Event<ShipmentScheduled> ShipmentScheduled { get; private set; } = null!;
    public Event<ShipmentSchedulingFailed> ShipmentSchedulingFailed { get; private set; } = null!;
    public Event<Fault<ScheduleShipment>> ShippingFaulted { get; private set; } = null!;
    public Event<ShipmentCancelled> ShipmentCancelled { get; private set; } = null!;
    public Event<Fault<CancelShipment>> ShipmentCancellationFaulted { get; private set; } = null!;

    public Schedule<OrderState, PaymentStepTimedOut> PaymentDeadline { get; private set; } = null!;
    public Schedule<OrderState, FraudCheckStepTimedOut> FraudCheckDeadline { get; private set; } = null!;
    public Schedule<OrderState, InventoryStepTimedOut> InventoryDeadline { get; private set; } = null!;
    public Schedule<OrderState, ShippingStepTimedOut> ShippingDeadline { get; private set; } = null!;
    public Schedule<OrderState, CompensationStepTimedOut> CompensationDeadline { get; private set; } = null!;

    DateTime Now => _timeProvider.GetUtcNow().UtcDateTime;

    void ConfigureEvents()
    {
        // An order without an id still gets a saga, keyed by the message that carried it, so that it can be Rejected with its reasons.
        Event(() => OrderSubmitted, x => x.CorrelateById(context => context.Message.OrderId != Guid.Empty
            ? context.Message.OrderId
            : context.MessageId ?? throw new InvalidOperationException("SubmitOrder has neither an OrderId nor a message id")));

        Event(() => CancelRequested, x =>
        {
            x.CorrelateById(context => context.Message.OrderId);
            x.OnMissingInstance(m => m.ExecuteAsync(context =>
                context.RespondAsync(new OrderCancellationRefused(context.Message.OrderId, "unknown order"))));
        });

        Event(() => RetryRequested, x =>
        {
            x.CorrelateById(context => context.Message.OrderId);
            x.OnMissingInstance(m => m.ExecuteAsync(context =>
                context.RespondAsync(new CompensationRetryRefused(context.Message.OrderId, "unknown order"))));
        });

        // A reply for an order this saga does not know is an inconsistency: fault it to the error queue rather than drop it.
        Event(() => PaymentProcessed, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => PaymentDeclined, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => PaymentRefunded, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => InventoryReserved, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => InventoryReservationFailed, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => InventoryReleased, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => ShipmentScheduled, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => ShipmentSchedulingFailed, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => ShipmentCancelled, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => FraudCheckPassed, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));
        Event(() => FraudCheckFailed, x => x.CorrelateById(context => context.Message.OrderId).OnMissingInstance(m => m.Fault()));

        Event(() => PaymentFaulted, x => x.CorrelateById(context => context.Message.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => PaymentRefundFaulted, x => x.CorrelateById(context => context.Message.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => InventoryFaulted, x => x.CorrelateById(context => context.Message.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => InventoryReleaseFaulted, x => x.CorrelateById(context => context.Message.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => ShippingFaulted, x => x.CorrelateById(context => context.Message.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => ShipmentCancellationFaulted, x => x.CorrelateById(context => context.Message.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => FraudCheckFaulted, x => x.CorrelateById(context => context.Message.Message.OrderId).OnMissingInstance(m => m.Discard()));
    }

    /// <summary>
    /// Wires one forward step from its description and its replies: its success starts the next step (or completes the
    /// order), a decline or a fault gives the order up, and its compensation's confirmation or fault moves the compensation
    /// on. Replies that arrive after the saga moved on are handled as in <see cref="ConfigureLateReplies{TDone,TDeclined,TFault}"/>;
    /// confirmations and faults of compensations outside Compensating are repeats of ones already handled.
    /// </summary>
    void ConfigureStep<TDone, TDeclined, TCommand, TUndone, TCompensation>(OrderStepDescription step,
        Event<TDone> done, Func<TDone, Guid> reference,
        Event<TDeclined> declined, Func<TDeclined, string> reason,
        Event<Fault<TCommand>> faulted,
        Event<TUndone> undone, Func<TUndone, Guid?> undoneReference,
        Event<Fault<TCompensation>> compensationFaulted)
        where TDone : class
        where TDeclined : class
        where TCommand : class
        where TUndone : class
        where TCompensation : class
    {
        ConfigureStep(step, done, reference, declined, reason, faulted);

        During(Compensating,
            ConfirmCompensation(When(undone), step.Step, undoneReference),
            FailCompensation(When(compensationFaulted), step.Step));

        During(AllBut(Compensating),
            When(undone).Then(context => MarkCompensated(context.Saga, step.Step, undoneReference(context.Message))),
            When(compensationFaulted).Then(LogIgnored));
    }

    /// <summary>Wires a forward step that has no compensation (it only decides), or the forward half of one that has.</summary>
    void ConfigureStep<TDone, TDeclined, TCommand>(OrderStepDescription step,
        Event<TDone> done, Func<TDone, Guid> reference,
        Event<TDeclined> declined, Func<TDeclined, string> reason,
        Event<Fault<TCommand>> faulted)
        where TDone : class
        where TDeclined : class
        where TCommand : class
    {
        var awaiting = AwaitingStateOf(step);
        During(awaiting,
            Succeed(When(done), step, reference),
            FailStep(When(declined), context => $"{step.DeclinedAs}: {reason(context.Message)}"),
            FailStep(When(faulted), context => $"{step.FaultedAs}: {Describe(context.Message)}", faulted: step.Step));

        ConfigureLateReplies(step, done, reference, declined, faulted);
    }

    /// <summary>
    /// Records the step's reference and starts the next step of the order's own flow (<see cref="OrderState.DefinitionVersion"/>),
    /// or completes the order after its flow's last step.
    /// </summary>
    EventActivityBinder<OrderState, T> Succeed<T>(EventActivityBinder<OrderState, T> binder, OrderStepDescription step, Func<T, Guid> reference)
        where T : class
    {
        var recorded = CancelDeadline(binder.Then(context => step.Reference.Set(context.Saga, reference(context.Message))), step);

        // The activities are built once for every flow that has the step; the order's flow picks one when the reply comes.
        var nextSteps = OrderFlows.All.Where(flow => flow.Steps.Contains(step)).Select(flow => flow.After(step)).Distinct().ToList();
        return ContinueWith(recorded, step, nextSteps);
    }

    /// <summary>Goes on with whichever of <paramref name="candidates"/> (the next step in each flow, null for none) the order's flow has.</summary>
    EventActivityBinder<OrderState, T> ContinueWith<T>(EventActivityBinder<OrderState, T> binder, OrderStepDescription step,
        List<OrderStepDescription?> candidates)
        where T : class
    {
        var next = candidates[0];
        if (candidates.Count == 1)
            return Proceed(binder, next);

        return binder.IfElse(context => OrderFlows.Of(context.Saga.DefinitionVersion).After(step) == next,
            same => Proceed(same, next),
            other => ContinueWith(other, step, candidates.Skip(1).ToList()));
    }

    /// <summary>Starts <paramref name="next"/>, or completes the order when there is no next step.</summary>
    EventActivityBinder<OrderState, T> Proceed<T>(EventActivityBinder<OrderState, T> binder, OrderStepDescription? next)
        where T : class =>
        next is not null
            ? binder.StartStep(next, this).TransitionTo(AwaitingStateOf(next))
            : binder
                .Then(context => context.Saga.CompletedAt = Now)
                .Publish(context => new OrderCompleted(context.Saga.OrderId, context.Saga.PaymentId!.Value, context.Saga.ReservationId!.Value,
                    context.Saga.ShipmentId!.Value))
                .TransitionTo(Completed);

    /// <summary>
    /// One schedule per step, each with its token in a saga column of its own and a message of its own. A step's reply, a
    /// failure or a cancellation clears the token, so a reminder that was already on its way is stale: MassTransit drops it
    /// before it reaches the handlers, in any state, when its token is cleared or is not the one the saga holds. A reminder
    /// for an order that does not exist (its first save failed) is discarded. Due times are read from the services'
    /// <see cref="TimeProvider"/>, the clock the durable scheduler compares them with.
    /// </summary>
    /// <remarks>
    /// Separate schedules, rather than one reused for each step, keep a late payment reminder from counting as the
    /// inventory step's even with a scheduler that does not send the token back with the reminder.
    /// </remarks>
    void ConfigureStepDeadline<TReminder>(OrderStepDescription step, Expression<Func<Schedule<OrderState, TReminder>>> schedule,
        Func<TReminder, Guid> orderId, Func<TReminder, DateTime?> dueAt)
        where TReminder : class
    {
        Schedule(schedule, step.DeadlineToken.Expression, s => Deadline(s, step.Deadline(_deadlines), orderId));
        // Registered before the handlers below, which start the deadline again for a late reminder.
        var deadline = schedule.Compile()();
        _stepDeadlines[step.Step] = new StepDeadline<TReminder>(deadline, step.TimedOut);

        During(AwaitingStateOf(step), TimeOutStep(When(deadline.Received), step.Step, dueAt));

        // Not reachable while every way out of a step clears its token; if one ever is, it changes nothing.
        IgnoreOutsideItsStep(deadline, AwaitingStateOf(step));
    }

    /// <summary>
    /// The deadline by which a compensation must be confirmed. A reminder that came late (we were not listening) gives the
    /// compensation the grace again; a due one sends the compensation again, until it has been sent
    /// <see cref="OrderStepDeadlines.CompensationAttempts"/> times, and then leaves the order to an operator.
    /// </summary>
    void ConfigureCompensationDeadline()
    {
        IgnoreOutsideItsStep(CompensationDeadline, Compensating);

        During(Compensating,
            When(CompensationDeadline.Received, context => IsLate(context.Message.DueAt))
                .Then(context => LogLateReminder(_logger, $"{context.Saga.CompensatingStep} compensation", context.Saga.CorrelationId,
                    Now - context.Message.DueAt!.Value, _deadlines.LateReminderGrace))
                .ArmCompensationDeadline(this, _deadlines.LateReminderGrace),
            When(CompensationDeadline.Received, context => !IsLate(context.Message.DueAt))
                .IfElse(context => context.Saga.CompensationAttempts < _deadlines.CompensationAttempts,
                    again => again
                        .Then(context => LogCompensationResent(_logger, context.Saga.CompensatingStep, context.Saga.CorrelationId,
                            _deadlines.Compensation, context.Saga.CompensationAttempts + 1))
                        .CompensateCompletedSteps(this),
                    giveUp => giveUp
                        .Then(context => context.Saga.CompensationError = Clip(
                            $"{context.Saga.CompensatingStep} compensation was not confirmed after {context.Saga.CompensationAttempts} attempts, " +
                            $"{_deadlines.Compensation} apart"))
                        .Unschedule(CompensationDeadline)
                        .Publish(context => new OrderCompensationFailed(context.Saga.OrderId, context.Saga.CompensatingStep.ToString()!,
                            context.Saga.CompensationError!))
                        .TransitionTo(CompensationFailed)));
    }

    static void Deadline<T>(IScheduleConfigurator<OrderState, T> schedule, TimeSpan delay, Func<T, Guid> orderId)
        where T : class
    {
        schedule.Delay = delay;
        schedule.Received = e => e.CorrelateById(context => orderId(context.Message)).OnMissingInstance(m => m.Discard());
    }

    void IgnoreOutsideItsStep<T>(Schedule<OrderState, T> deadline, State step)
        where T : class =>
        During(AllBut(step), When(deadline.Received).Then(LogIgnored));

    void ConfigureCancellation()
    {
        During(AwaitingStates,
            When(CancelRequested)
                .Then(context =>
                {
                    context.Saga.FailureReason = Clip($"cancelled: {CancellationReason(context.Message)}");
                    context.Saga.FailureKind = OrderFailureKind.Cancelled;
                    context.Saga.InDoubtStep = OrderSteps.AwaitedIn(context.Saga.CurrentState)?.Step;
                })
                .ClearDeadlines(this)
                .Respond(context => new OrderCancellationAccepted(context.Saga.CorrelationId))
                .CompensateCompletedSteps(this));

        During(Completed,
            When(CancelRequested).Respond(context => new OrderCancellationRefused(context.Saga.CorrelationId, "the order is already completed")));
        During([Compensating, Compensated],
            When(CancelRequested).Respond(context => new OrderCancellationRefused(context.Saga.CorrelationId,
                $"the order is already being undone ({context.Saga.FailureReason})")));
        During(CompensationFailed,
            When(CancelRequested).Respond(context => new OrderCancellationRefused(context.Saga.CorrelationId,
                "the order's compensation failed and is waiting for an operator")));
        During(Rejected,
            When(CancelRequested).Respond(context => new OrderCancellationRefused(context.Saga.CorrelationId,
                $"the order was rejected ({context.Saga.FailureReason})")));
    }

    /// <summary>
    /// An operator's retry of a failed compensation, once the cause is fixed. It picks the compensation up where it stopped:
    /// the latest step not yet undone, which is the failed one unless its confirmation came after all, or a step whose
    /// success arrived late while the order waited in CompensationFailed (recorded then, undone now). With nothing left to
    /// undo the order is Compensated at once. If the retried compensation faults again, the order is back in
    /// CompensationFailed with the new error. Only a CompensationFailed order can be retried; in any other state the
    /// request is refused and nothing changes.
    /// </summary>
    void ConfigureCompensationRetry()
    {
        During(CompensationFailed,
            When(RetryRequested)
                .Then(context =>
                {
                    var order = context.Saga;
                    order.CompensationError = null;
                    order.CompensationAttempts = 0;
                    order.CompensationRetries++;
                    order.LastRetryAt = Now;
                    order.LastRetryBy = Truncate(context.Message.RequestedBy, MaxRequestedByLength);
                    LogCompensationRetry(_logger, order.CorrelationId, context.Message.RequestedBy, order.CompensationRetries,
                        CompensationPlan.NextStep(order)?.ToString() ?? NothingLeftToUndo);
                })
                .CompensateCompletedSteps(this)
                .Respond(context => new CompensationRetryAccepted(context.Saga.CorrelationId,
                    context.Saga.CompensatingStep?.ToString() ?? NothingLeftToUndo)));

        During(AllBut(CompensationFailed),
            When(RetryRequested).Respond(context => new CompensationRetryRefused(context.Saga.CorrelationId,
                $"the order is {context.Saga.CurrentState}; only a CompensationFailed order can be retried")));
    }

    /// <summary>
    /// Replies that arrive while the saga is no longer waiting for them. A repeat of a success already handled carries the
    /// reference already recorded and changes nothing. A first success after a cancellation or failure records the reference,
    /// so that the completed step is compensated: right away when the saga had finished compensating, or next in line while
    /// it is compensating. A late decline or fault changes nothing.
    /// </summary>
    void ConfigureLateReplies<TDone, TDeclined, TFault>(OrderStepDescription step, Event<TDone> done, Func<TDone, Guid> reference,
        Event<TDeclined> declined, Event<TFault> faulted)
        where TDone : class
        where TDeclined : class
        where TFault : class
    {
        var expected = AwaitingStateOf(step);
        bool IsNew(BehaviorContext<OrderState, TDone> context) => step.Reference.Get(context.Saga) is null;

        During(ForwardStates.Where(s => !Equals(s, expected)),
            When(done).Then(context => step.EnsureSameReference(context.Saga, reference(context.Message))));

        During([Compensating, CompensationFailed],
            When(done, IsNew).Then(context => RecordLate(context, step, reference(context.Message))),
            When(done, context => !IsNew(context)).Then(context => step.EnsureSameReference(context.Saga, reference(context.Message))));

        // Compensated is final: every step whose command was sent has confirmed its compensation, so a success that arrives
        // now was undone by it (the participant found it and gave it back) and is only recorded. A success for a step that was
        // never compensated would be an inconsistency an operator has to see: it faults to the error queue.
        During(Compensated,
            When(done, IsNew).Then(context =>
            {
                if (step.Undoable && !step.IsCompensated(context.Saga))
                {
                    throw new InvalidOperationException(
                        $"Order {context.Saga.CorrelationId} is Compensated, but {step} succeeded without its compensation having been confirmed");
                }

                step.Reference.Set(context.Saga, reference(context.Message));
                LogLateReply(_logger, typeof(TDone).Name, context.Saga.CorrelationId, context.Saga.CurrentState);
            }),
            When(done, context => !IsNew(context)).Then(context => step.EnsureSameReference(context.Saga, reference(context.Message))));

        // A failure in Rejected is not expected (no step ran): it faults like any reply the saga cannot place.
        During(AllBut(expected, Rejected),
            When(declined).Then(LogIgnored),
            When(faulted).Then(LogIgnored));
    }

    void RecordLate<T>(BehaviorContext<OrderState, T> context, OrderStepDescription step, Guid reference)
        where T : class
    {
        step.Reference.Set(context.Saga, reference);

        // A step without a compensation (the fraud check) only decided: its late pass is kept for the record, nothing to undo.
        if (step.Undoable)
            LogLateSuccess(_logger, context.Saga.CorrelationId, step.Step, context.Saga.CurrentState);
        else
            LogLateReply(_logger, typeof(T).Name, context.Saga.CorrelationId, context.Saga.CurrentState);
    }

    void LogIgnored<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        LogLateReply(_logger, typeof(T).Name, context.Saga.CorrelationId, context.Saga.CurrentState);

    /// <summary>
    /// Gives the order up after a step failed. A decline is recorded by its participant and answers every repeat of the
    /// command, so the step is known not done; a fault is not (the command may be moved back from the error queue), so
    /// the <paramref name="faulted"/> step is in doubt and compensated too.
    /// </summary>
    EventActivityBinder<OrderState, T> FailStep<T>(EventActivityBinder<OrderState, T> binder, Func<BehaviorContext<OrderState, T>, string> reason,
        OrderStep? faulted = null)
        where T : class =>
        binder
            .Then(context =>
            {
                context.Saga.FailureReason = Clip(reason(context));
                context.Saga.FailureKind = faulted is null ? OrderFailureKind.Declined : OrderFailureKind.Faulted;
                context.Saga.InDoubtStep = faulted;
            })
            .ClearDeadlines(this)
            .CompensateCompletedSteps(this);

    /// <summary>
    /// Gives up a step that did not answer by its deadline, as if it had failed with its outcome in doubt. Its reply may
    /// still come: a failure then changes nothing, a success is undone by the step's compensation. A reminder that arrives
    /// well after it was due (see <see cref="IsLate"/>) does not give the step up: the step gets the grace again.
    /// </summary>
    EventActivityBinder<OrderState, T> TimeOutStep<T>(EventActivityBinder<OrderState, T> binder, OrderStep step, Func<T, DateTime?> dueAt)
        where T : class =>
        binder.IfElse(context => IsLate(dueAt(context.Message)),
            late => ArmDeadline(late.Then(context => LogLateReminder(_logger, step.ToString(), context.Saga.CorrelationId,
                Now - dueAt(context.Message)!.Value, _deadlines.LateReminderGrace)), step, _deadlines.LateReminderGrace),
            due => due
                .Then(context =>
                {
                    context.Saga.TimedOutStep = step;
                    context.Saga.InDoubtStep = step;
                    context.Saga.FailureReason = StepTimeoutReason;
                    context.Saga.FailureKind = OrderFailureKind.TimedOut;
                    LogStepTimedOut(_logger, step, context.Saga.CorrelationId, _deadlines.For(step));
                })
                .CompensateCompletedSteps(this));

    /// <summary>
    /// A reminder handled later than <see cref="OrderStepDeadlines.LateReminderGrace"/> after it was due was held up on
    /// our side (this service, its database or the broker was down or the queue was behind), not by the participant: the
    /// participant's reply may be waiting right behind it. Giving the step up then would make a restart cause timeouts.
    /// </summary>
    bool IsLate(DateTime? dueAt) => dueAt is { } due && Now - due > _deadlines.LateReminderGrace;

    /// <summary>
    /// Starts <paramref name="step"/>: its deadline, then its command. The deadline comes first, so that the reminder is on
    /// its way before the participant can possibly answer. Without a message scheduler on the endpoint (the bus was
    /// configured without one) the saga still runs, but nothing enforces the deadline, which is logged once per step.
    /// </summary>
    internal EventActivityBinder<OrderState, T> StartStep<T>(EventActivityBinder<OrderState, T> binder, OrderStepDescription step)
        where T : class =>
        ArmDeadline(binder, step.Step, _deadlines.For(step.Step))
            .ThenAsync(context => Send(context, _addresses.For(step.Step), step.Command(context.Saga)));

    EventActivityBinder<OrderState, T> ArmDeadline<T>(EventActivityBinder<OrderState, T> binder, OrderStep step, TimeSpan delay)
        where T : class =>
        binder.IfElse(context => context.TryGetPayload<MessageSchedulerContext>(out _),
            scheduled => _stepDeadlines[step].Start(scheduled, () => Now + delay),
            unscheduled => unscheduled.Then(context =>
            {
                // Once per step and process: a missing scheduler is a setting, and an order per line would flood the log.
                if (Interlocked.Exchange(ref _deadlineWarned[(int)step], 1) == 0)
                    LogDeadlineNotEnforced(_logger, step, context.Saga.CorrelationId);
            }));

    EventActivityBinder<OrderState, T> CancelDeadline<T>(EventActivityBinder<OrderState, T> binder, OrderStepDescription step)
        where T : class =>
        _stepDeadlines[step.Step].Cancel(binder);

    /// <summary>Cancels whichever deadline is pending: only the step being waited for has one.</summary>
    internal EventActivityBinder<OrderState, T> ClearDeadlines<T>(EventActivityBinder<OrderState, T> binder)
        where T : class =>
        OrderSteps.All.Aggregate(binder, CancelDeadline);

    EventActivityBinder<OrderState, T> ConfirmCompensation<T>(EventActivityBinder<OrderState, T> binder, OrderStep step, Func<T, Guid?> reference)
        where T : class =>
        binder
            .Then(context => MarkCompensated(context.Saga, step, reference(context.Message)))
            .If(context => context.Saga.CompensatingStep == step, next => next.CompensateCompletedSteps(this));

    EventActivityBinder<OrderState, Fault<T>> FailCompensation<T>(EventActivityBinder<OrderState, Fault<T>> binder, OrderStep step)
        where T : class =>
        binder
            .Then(context => context.Saga.CompensationError = Clip($"{step} compensation failed: {Describe(context.Message)}"))
            .Unschedule(CompensationDeadline)
            .Publish(context => new OrderCompensationFailed(context.Saga.OrderId, step.ToString(), context.Saga.CompensationError!))
            .TransitionTo(CompensationFailed);

    /// <summary>
    /// Sends the compensation for the latest step not yet undone, with a deadline by which it must be confirmed (or sent
    /// again), or finishes as Compensated when none is left.
    /// </summary>
    internal EventActivityBinder<OrderState, T> CompensateNext<T>(EventActivityBinder<OrderState, T> binder)
        where T : class =>
        binder
            .ThenAsync(context => SendNextCompensation(context, _addresses))
            .IfElse(context => context.Saga.CompensatingStep is not null,
                pending => pending
                    .ArmCompensationDeadline(this, _deadlines.Compensation)
                    .TransitionTo(Compensating),
                done => done
                    .Unschedule(CompensationDeadline)
                    .If(context => context.Saga.CompensatedAt is null, first => first
                        .Then(context => context.Saga.CompensatedAt = Now)
                        .Publish(context => new OrderCompensated(context.Saga.OrderId, context.Saga.FailureReason ?? "compensated")))
                    .TransitionTo(Compensated));

    /// <summary>Starts the deadline by which the pending compensation must be confirmed; see <see cref="CompensateNext{T}"/>.</summary>
    internal EventActivityBinder<OrderState, T> ArmCompensationDeadline<T>(EventActivityBinder<OrderState, T> binder, TimeSpan delay)
        where T : class =>
        binder.If(context => context.TryGetPayload<MessageSchedulerContext>(out _),
            scheduled => scheduled.Schedule(CompensationDeadline,
                context => new CompensationStepTimedOut(context.Saga.CorrelationId, Now + delay), _ => Now + delay));

    static async Task SendNextCompensation<T>(BehaviorContext<OrderState, T> context, ParticipantAddresses addresses)
        where T : class
    {
        var order = context.Saga;
        var step = CompensationPlan.NextStep(order);
        order.CompensationAttempts = step is null ? 0 : step == order.CompensatingStep ? order.CompensationAttempts + 1 : 1;
        order.CompensatingStep = step;

        // An in-doubt step has no reference yet: its participant then undoes or forbids whatever it holds for the order.
        if (step is { } undo)
            await Send(context, addresses.For(undo), OrderSteps.Of(undo).Compensation!(order));
    }

    /// <summary>Sends a step's command or compensation, as the type it is (through the outbox, like every send of the saga).</summary>
    static async Task Send(ConsumeContext context, Uri address, object message)
    {
        var endpoint = await context.GetSendEndpoint(address);
        await endpoint.Send(message, context.CancellationToken);
    }

    /// <summary>Marks <paramref name="step"/> undone; a confirmation of an in-doubt step names what it undid, which is kept for operators.</summary>
    static void MarkCompensated(OrderState order, OrderStep step, Guid? reference)
    {
        var description = OrderSteps.Of(step);
        if (reference is not null && description.Reference.Get(order) is null)
            description.Reference.Set(order, reference.Value);
        description.Compensated?.Set(order, true);
    }

    /// <summary>Takes the submitted order in, validated once: an invalid one keeps its reasons for the rejection (<see cref="OrderValidation"/>).</summary>
    static void Accept(BehaviorContext<OrderState, SubmitOrder> context)
    {
        var order = context.Saga;
        var message = context.Message;
        var reasons = context.GetOrAddPayload(() => new OrderValidation(SubmitOrderValidator.Validate(message))).Reasons;

        order.OrderId = message.OrderId;
        order.CustomerId = Truncate(message.CustomerId, OrderLimits.MaxCustomerIdLength);
        order.Currency = Truncate(message.Currency, 3);
        order.ShipToLine1 = Truncate(message.ShippingAddress?.Line1, OrderLimits.MaxAddressLine1Length);
        order.ShipToCity = Truncate(message.ShippingAddress?.City, OrderLimits.MaxCityLength);
        order.ShipToPostalCode = Truncate(message.ShippingAddress?.PostalCode, OrderLimits.MaxPostalCodeLength);
        order.ShipToCountry = Truncate(message.ShippingAddress?.Country, 2);

        if (reasons.Count > 0)
        {
            order.FailureReason = Clip(string.Join("; ", reasons));
            order.FailureKind = OrderFailureKind.Rejected;
            return;
        }

        order.Items = [.. message.Items];
        order.Amount = SubmitOrderValidator.Total(message.Items);
    }

    static string Describe<T>(Fault<T> fault)
    {
        var exception = fault.Exceptions.FirstOrDefault();
        return exception is null ? "unknown fault" : $"{exception.ExceptionType}: {exception.Message}";
    }

    static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    /// <summary>A reason as stored: cut to the column, marked as cut, so that no text can fail the save.</summary>
    internal static string Clip(string reason) =>
        reason.Length <= OrderState.MaxReasonLength ? reason : string.Concat(reason.AsSpan(0, OrderState.MaxReasonLength - 1), "…");

    static string CancellationReason(CancelOrder message) => message.Reason switch
    {
        null => "no reason given",
        { Length: <= OrderLimits.MaxCancellationReasonLength } reason => reason,
        var reason => string.Concat(reason.AsSpan(0, OrderLimits.MaxCancellationReasonLength), "…"),
    };

    State AwaitingStateOf(OrderStepDescription step) => GetState(step.AwaitingState);

    /// <summary>The states in which the saga waits for a step's reply, in the order the steps run.</summary>
    State[] AwaitingStates => [.. OrderSteps.All.Select(AwaitingStateOf)];

    /// <summary>The states of an order going forward: waiting for a step, or done with all of them.</summary>
    State[] ForwardStates => [.. AwaitingStates, Completed];

    /// <summary>Every state an order can be in (not Initial, not Final) except <paramref name="excluded"/>.</summary>
    State[] AllBut(params State[] excluded) =>
        [.. States.Where(s => !Equals(s, Initial) && !Equals(s, Final) && !excluded.Contains(s))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a repeated SubmitOrder for order {OrderId} in state {State}")]
    static partial void LogDuplicateSubmission(ILogger logger, Guid orderId, string state);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Compensation of order {OrderId} retried at the request of {RequestedBy} (retry {Retry}); next to undo: {Step}")]
    static partial void LogCompensationRetry(ILogger logger, Guid orderId, string requestedBy, int retry, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Late {Step} success for order {OrderId} in state {State}: it will be compensated")]
    static partial void LogLateSuccess(ILogger logger, Guid orderId, OrderStep step, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reply} for order {OrderId} arrived in state {State}; nothing was left to do")]
    static partial void LogLateReply(ILogger logger, string reply, Guid orderId, string state);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The {Step} compensation of order {OrderId} was not confirmed within {Deadline}; sending it again (attempt {Attempt})")]
    static partial void LogCompensationResent(ILogger logger, OrderStep? step, Guid orderId, TimeSpan deadline, int attempt);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The {Step} reminder of order {OrderId} came {Lateness} after it was due: we were not listening, so the step gets {Grace} more")]
    static partial void LogLateReminder(ILogger logger, string step, Guid orderId, TimeSpan lateness, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Step} step of order {OrderId} did not answer within {Deadline}; the order is compensated")]
    static partial void LogStepTimedOut(ILogger logger, OrderStep step, Guid orderId, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No message scheduler on the order saga's endpoint: the {Step} deadline of order {OrderId}, and of every later order, is not enforced")]
    static partial void LogDeadlineNotEnforced(ILogger logger, OrderStep step, Guid orderId);
}
