using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>Which nopCommerce events become outbox rows, and which are left out (CONTRACT.md, Events).</summary>
public class EventConsumerTests
{
    private FakeNopServices _nop;
    private ExampleEntities _build;

    [SetUp]
    public void SetUp()
    {
        _nop = new FakeNopServices();
        _build = new ExampleEntities(_nop);
    }

    private JToken Example(string type, string entity) => ContractJson.ExampleEvent(type)["payload"]![entity];

    [Test]
    public async Task An_unconfigured_plugin_writes_nothing()
    {
        _nop.Settings.SidecarUrl = "";
        await _nop.Consumers.HandleEventAsync(new OrderPlacedEvent(_build.Order(Example("order.placed", "order"))));
        await _nop.Consumers.HandleEventAsync(new CustomerRegisteredEvent(_build.Customer(Example("customer.registered", "customer"))));
        Assert.That(_nop.Outbox.Rows, Is.Empty);
    }

    [Test]
    public async Task Updates_of_guests_and_system_accounts_are_not_forwarded()
    {
        var guest = _nop.Customers.Add(new Customer { Id = 7, CustomerGuid = Guid.NewGuid() }, "Guests");
        var searchBot = _nop.Customers.Add(new Customer { Id = 8, IsSystemAccount = true }, NopCustomerDefaults.RegisteredRoleName);
        await _nop.Consumers.HandleEventAsync(new EntityUpdatedEvent<Customer>(guest));
        await _nop.Consumers.HandleEventAsync(new EntityUpdatedEvent<Customer>(searchBot));
        Assert.That(_nop.Outbox.Rows, Is.Empty);
    }

    [Test]
    public async Task A_return_request_update_that_keeps_its_status_is_not_forwarded_again()
    {
        var returnRequest = _build.ReturnRequest(Example("return_request.created", "returnRequest"));
        await _nop.Consumers.HandleEventAsync(new EntityInsertedEvent<ReturnRequest>(returnRequest));
        returnRequest.StaffNotes = "looked at it";
        await _nop.Consumers.HandleEventAsync(new EntityUpdatedEvent<ReturnRequest>(returnRequest));
        returnRequest.ReturnRequestStatusId = (int)ReturnRequestStatus.Received;
        await _nop.Consumers.HandleEventAsync(new EntityUpdatedEvent<ReturnRequest>(returnRequest));

        Assert.That(_nop.Outbox.Rows.Select(r => r.EventType), Is.EqualTo(new[] { "return_request.created", "return_request.status_changed" }));
        var changed = ContractJson.Parse(_nop.Outbox.Rows[1].PayloadJson);
        Assert.That((int?)changed["previousReturnRequestStatusId"], Is.EqualTo((int)ReturnRequestStatus.Pending));
        Assert.That((int)changed["returnRequest"]!["returnRequestStatusId"]!, Is.EqualTo((int)ReturnRequestStatus.Received));
    }

    [Test]
    public async Task A_recurring_payment_is_cancelled_by_an_update_to_inactive_or_a_delete_only()
    {
        var payment = _build.RecurringPayment(Example("recurring_payment.created", "recurringPayment"));
        await _nop.Consumers.HandleEventAsync(new EntityUpdatedEvent<RecurringPayment>(payment));
        Assert.That(_nop.Outbox.Rows, Is.Empty, "an update of an active payment is not a cancellation");

        payment.IsActive = false;
        await _nop.Consumers.HandleEventAsync(new EntityUpdatedEvent<RecurringPayment>(payment));
        await _nop.Consumers.HandleEventAsync(new EntityDeletedEvent<RecurringPayment>(payment));
        Assert.That(_nop.Outbox.Rows.Select(r => r.EventType), Is.EqualTo(new[] { "recurring_payment.cancelled", "recurring_payment.cancelled" }));
    }

    [Test]
    public async Task Order_events_carry_the_order_store_and_others_the_current_store()
    {
        _nop.StoreContext.CurrentStore.Id = 3;
        var order = _build.Order(Example("order.placed", "order"));
        order.StoreId = 2;
        await _nop.Consumers.HandleEventAsync(new OrderPlacedEvent(order));
        await _nop.Consumers.HandleEventAsync(new CustomerRegisteredEvent(_build.Customer(Example("customer.registered", "customer"))));

        Assert.That(_nop.Outbox.Rows.Select(r => r.StoreId), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public async Task Each_event_gets_its_own_id_and_is_due_at_once()
    {
        var before = DateTime.UtcNow;
        var order = _build.Order(Example("order.placed", "order"));
        await _nop.Consumers.HandleEventAsync(new OrderPlacedEvent(order));
        await _nop.Consumers.HandleEventAsync(new OrderPaidEvent(order));

        var rows = _nop.Outbox.Rows;
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(2));
            Assert.That(rows.Select(r => Guid.TryParse(r.EventId, out _)), Is.All.True);
            Assert.That(rows.Select(r => r.Id), Is.Ordered.Ascending);
            Assert.That(rows, Has.All.Matches<Domain.OutboxEvent>(r =>
                r.Attempts == 0 && r.OccurredOnUtc >= before && r.NextAttemptOnUtc == r.OccurredOnUtc && r.DeliveredOnUtc == null && r.FailedOnUtc == null));
        });
    }
}
