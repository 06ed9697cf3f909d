using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.Submissions;

namespace Saga.Orchestrator.Tests.Validation;

/// <summary>Both versions of the submit contract become one <see cref="OrderSubmission"/> at the edge.</summary>
public sealed class OrderSubmissionTests
{
    [Test]
    public void A_version_1_order_has_no_contact_and_keeps_its_reference()
    {
        var order = Orders.Valid() with { CustomerReference = "PO-4711" };

        var submission = OrderSubmission.From(order);

        Assert.That(submission, Is.EqualTo(new OrderSubmission(order.OrderId, "CUST-1001", order.Items, "EUR", order.ShippingAddress, "PO-4711", null)));
    }

    [Test]
    public void A_version_2_order_is_the_same_submission_as_version_1_plus_the_customers_name_and_contact()
    {
        var v2 = Orders.ValidV2() with { CustomerReference = "PO-4711" };
        var v1 = Orders.Valid(v2.OrderId) with { CustomerReference = "PO-4711" };

        var submission = OrderSubmission.From(v2);

        Assert.Multiple(() =>
        {
            Assert.That(submission with { Contact = null }, Is.EqualTo(OrderSubmission.From(v1) with { Items = v2.Items }));
            Assert.That(submission.Contact, Is.EqualTo(new SubmittedContact("Ada", "Lovelace", "ada@example.com", "+44 20 7946 0958")));
        });
    }

    [Test]
    public void A_version_2_order_with_parts_of_its_customer_missing_translates_them_to_missing_fields()
    {
        var orderWithoutCustomer = OrderSubmission.From(Orders.ValidV2() with { Customer = null! });
        var orderWithoutName = OrderSubmission.From(Orders.ValidV2() with { Customer = Orders.ValidCustomer with { Name = null!, Contact = null! } });

        Assert.Multiple(() =>
        {
            Assert.That(orderWithoutCustomer.CustomerId, Is.Null);
            Assert.That(orderWithoutCustomer.Contact, Is.EqualTo(new SubmittedContact(null, null, null, null)));
            Assert.That(orderWithoutCustomer.CustomerIdField, Is.EqualTo("Customer.Id"));
            Assert.That(orderWithoutName.CustomerId, Is.EqualTo("CUST-1001"));
            Assert.That(orderWithoutName.Contact, Is.EqualTo(new SubmittedContact(null, null, null, null)));
        });
    }
}
