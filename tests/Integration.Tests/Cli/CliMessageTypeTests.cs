using Saga.Operations.Sagas;

namespace Saga.Integration.Tests.Cli;

/// <summary>How <c>saga status</c> shortens a transition's message type in text (the whole URN is in <c>--json</c>).</summary>
public sealed class CliMessageTypeTests
{
    [TestCase("urn:message:Saga.Contracts:SubmitOrderV2", "SubmitOrderV2")]
    [TestCase("urn:message:MassTransit:Fault[[Saga.Contracts:ProcessPayment]]", "Fault[[Saga.Contracts:ProcessPayment]]")]
    [TestCase("SubmitOrder", "SubmitOrder")]
    [TestCase(null, null)]
    public void The_text_shows_the_type_name_after_its_namespace(string? urn, string? shown) =>
        Assert.That(SagaTransition.ShortType(urn), Is.EqualTo(shown));
}
