using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>
/// Contract 1.2's write-backs against nopCommerce's rules: a customer updated from Stripe (only what differs, a stale
/// version refused, the event marked with its Stripe origin) and recurring payments billed by Stripe (one order per
/// invoice, a failed attempt recorded once, Manual ones never reported, a cancelled one never billed).
/// </summary>
public class CustomerAndRecurringWriteBackTests
{
    private const int SubscriptionProductId = 7;
    private FakeNopServices _nop;

    [SetUp]
    public void SetUp() => _nop = new FakeNopServices();

    private static object StripeOrigin(string eventId) => new { system = "stripe", reference = eventId };

    private List<Domain.OutboxEvent> Rows(string type) => _nop.Outbox.Rows.Where(r => r.EventType == type).ToList();

    private object UpdateCustomer(long? expectedVersion, object changes, string eventId = "evt_1") =>
        new { customerId = 3, expectedVersion, origin = StripeOrigin(eventId), changes };

    [Test]
    public async Task A_customer_change_from_Stripe_is_saved_once_and_its_event_carries_the_Stripe_origin()
    {
        var customer = _nop.ACustomer();

        var answer = await _nop.PostOkAsync("updateCustomer", UpdateCustomer(null, new { firstName = "Vicky", phone = "+1 555 0100" }));

        var row = Rows("customer.updated").Single();
        Assert.Multiple(() =>
        {
            Assert.That(answer.Body["changedFields"]!.Values<string>(), Is.EqualTo(new[] { "firstName", "phone" }));
            Assert.That((customer.FirstName, customer.Phone), Is.EqualTo(("Vicky", "+1 555 0100")));
            Assert.That(ContractJson.Parse(row.PayloadJson)["origin"]!.ToString(Newtonsoft.Json.Formatting.None),
                Is.EqualTo("{\"system\":\"stripe\",\"reference\":\"evt_1\"}"));
            Assert.That((long)answer.Body["customer"]!["version"]!, Is.EqualTo(row.Id));
        });

        // The same values again (the echo of its own change): nothing saved, no event.
        var echo = await _nop.PostOkAsync("updateCustomer", UpdateCustomer(row.Id, new { firstName = "Vicky" }, "evt_2"));
        Assert.That(echo.Body["changedFields"]!.Values<string>(), Is.Empty);
        Assert.That(_nop.Customers.Saves, Is.EqualTo(1));
        Assert.That(Rows("customer.updated"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_write_from_a_version_the_store_has_moved_past_is_refused_and_changes_nothing()
    {
        var customer = _nop.ACustomer();
        await _nop.PostOkAsync("updateCustomer", UpdateCustomer(null, new { lastName = "King" }));
        var seen = Rows("customer.updated").Single().Id;
        await _nop.Consumers.HandleEventAsync(new Nop.Core.Events.EntityUpdatedEvent<Nop.Core.Domain.Customers.Customer>(customer));

        var stale = await _nop.PostAsync("updateCustomer", UpdateCustomer(seen, new { lastName = "Byron" }, "evt_late"));

        Assert.That((stale.Status, stale.Rule), Is.EqualTo((409, "CustomerVersionIsCurrent")), stale.ToString());
        Assert.That(customer.LastName, Is.EqualTo("King"));
        ContractJson.AssertValid("write-back/error.schema.json", stale.Body);
    }

    [Test]
    public async Task Guests_and_an_email_another_customer_has_are_refused()
    {
        _nop.ACustomer();
        _nop.Customers.Add(new Nop.Core.Domain.Customers.Customer { Id = 4, Email = "taken@example.com", Active = true },
            Nop.Core.Domain.Customers.NopCustomerDefaults.RegisteredRoleName);
        _nop.Customers.Add(new Nop.Core.Domain.Customers.Customer { Id = 5, Active = true }, "Guests");

        var taken = await _nop.PostAsync("updateCustomer", UpdateCustomer(null, new { email = "Taken@example.com" }));
        var guest = await _nop.PostAsync("updateCustomer", new { customerId = 5, expectedVersion = (long?)null, origin = StripeOrigin("evt_3"), changes = new { firstName = "G" } });

        Assert.That((taken.Status, taken.Rule), Is.EqualTo((409, "EmailIsUnique")));
        Assert.That((guest.Status, guest.Rule), Is.EqualTo((409, "CustomerIsRegistered")));
    }

    [Test]
    public async Task A_new_shipping_address_is_added_with_the_stores_country_and_state()
    {
        var customer = _nop.ACustomer();
        _nop.Countries.Ensure("GB");
        var address = new
        {
            firstName = "Victoria", lastName = "Terces", email = (string)null, company = (string)null, countryCode = "GB",
            stateProvinceCode = (string)null, county = (string)null, city = "London", address1 = "1 Strand", address2 = (string)null,
            zipPostalCode = "WC2N 5HR", phoneNumber = (string)null,
        };

        var answer = await _nop.PostOkAsync("updateCustomer", UpdateCustomer(null, new { shippingAddress = address }));

        Assert.That(customer.ShippingAddressId, Is.Not.Null);
        Assert.That((string)answer.Body["customer"]!["shippingAddress"]!["countryCode"], Is.EqualTo("GB"));
        Assert.That((string)answer.Body["customer"]!["billingAddress"]!["city"], Is.EqualTo("New York"));
    }

    /// <summary>Order 1 of a monthly subscription product (3 cycles), paid with <paramref name="paymentMethod"/>, and its recurring payment 1.</summary>
    private RecurringPayment ARecurringPayment(string paymentMethod = StripeSidecarDefaults.SystemName)
    {
        var order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Paid);
        order.PaymentMethodSystemName = paymentMethod;
        _nop.Products.Add(new Product
        {
            Id = SubscriptionProductId, ProductTypeId = 5, Name = "Coffee club", Price = 15m, IsRecurring = true, RecurringCycleLength = 1,
            RecurringCyclePeriodId = 20, RecurringTotalCycles = 3, Published = true,
        });
        _nop.Orders.Items.Add(new OrderItem { Id = 50, OrderId = order.Id, OrderItemGuid = Guid.NewGuid(), ProductId = SubscriptionProductId, Quantity = 1 });
        var rp = new RecurringPayment
        {
            Id = 1, InitialOrderId = order.Id, CycleLength = 1, CyclePeriodId = 20, TotalCycles = 3, IsActive = true,
            StartDateUtc = new DateTime(2026, 1, 31, 12, 0, 0, DateTimeKind.Utc), CreatedOnUtc = new DateTime(2026, 1, 31, 12, 0, 0, DateTimeKind.Utc),
        };
        _nop.Orders.RecurringPayments.Add(rp);
        return rp;
    }

    private static object Paid(string invoiceId) => new { recurringPaymentId = 1, invoiceId, captureTransactionId = "pi_" + invoiceId };

    [Test]
    public async Task Each_paid_invoice_makes_one_cycle_the_first_being_the_initial_orders_own()
    {
        var rp = ARecurringPayment();

        var first = await _nop.PostOkAsync("processNextRecurringPayment", Paid("in_1"));
        Assert.That((int)first.Order!["id"]!, Is.EqualTo(1), "the first invoice paid the initial order");
        Assert.That((string)first.Body["recurringPayment"]!["nextPaymentDateUtc"], Does.StartWith("2026-02-28"));
        Assert.That((int?)first.Body["recurringPayment"]!["productId"], Is.EqualTo(SubscriptionProductId));

        var second = await _nop.PostOkAsync("processNextRecurringPayment", Paid("in_2"));
        var again = await _nop.PostAsync("processNextRecurringPayment", Paid("in_2"), requestId: "another-job");
        Assert.Multiple(() =>
        {
            Assert.That((int)second.Order!["id"]!, Is.EqualTo(2));
            Assert.That((int)second.Order!["paymentStatusId"]!, Is.EqualTo((int)PaymentStatus.Paid));
            Assert.That((string)second.Order!["captureTransactionId"], Is.EqualTo("pi_in_2"));
            Assert.That(((bool)again.Body["alreadyApplied"]!, (int)again.Order!["id"]!), Is.EqualTo((true, 2)));
            Assert.That(_nop.Orders.Orders, Has.Count.EqualTo(2));
            Assert.That(_nop.OrderProcessing.RaisedEvents, Is.EqualTo(new[] { "OrderPlacedEvent 2", "OrderPaidEvent 2" }));
        });

        await _nop.PostOkAsync("processNextRecurringPayment", Paid("in_3"));
        Assert.That(rp.IsActive, Is.False, "three cycles of three");
        Assert.That((int)(await _nop.PostOkAsync("getRecurringPayment", new { recurringPaymentId = 1 })).Body["recurringPayment"]!["cyclesRemaining"]!, Is.Zero);
        var fourth = await _nop.PostAsync("processNextRecurringPayment", Paid("in_4"));
        Assert.That((fourth.Status, fourth.Rule), Is.EqualTo((409, "RecurringPaymentIsActive")));
    }

    [Test]
    public async Task Lists_recurring_payments_a_page_at_a_time_cancelled_included_deleted_left_out()
    {
        var rp = ARecurringPayment();
        rp.IsActive = false;
        _nop.Orders.RecurringPayments.Add(new RecurringPayment
        {
            Id = 2, InitialOrderId = rp.InitialOrderId, CycleLength = 1, CyclePeriodId = 20, TotalCycles = 3, IsActive = true, Deleted = true,
            StartDateUtc = rp.StartDateUtc, CreatedOnUtc = rp.CreatedOnUtc,
        });

        var page = (await _nop.PostOkAsync("listRecurringPayments", new { pageIndex = 0, pageSize = 10 })).Body;

        Assert.Multiple(() =>
        {
            Assert.That((int)page["totalCount"]!, Is.EqualTo(1));
            Assert.That((int)page["items"]![0]!["recurringPayment"]!["id"]!, Is.EqualTo(1));
            Assert.That((bool)page["items"]![0]!["recurringPayment"]!["isActive"]!, Is.False);
            Assert.That(page["items"]![0]!["history"], Is.Empty);
        });
    }

    [Test]
    public async Task A_recurring_payment_the_store_bills_itself_is_never_reported_from_Stripe()
    {
        ARecurringPayment("Payments.Manual");

        var answer = await _nop.PostAsync("processNextRecurringPayment", Paid("in_1"));

        Assert.That((answer.Status, answer.Rule), Is.EqualTo((409, "RecurringPaymentTypeIsAutomatic")), answer.ToString());
        Assert.That(_nop.OrderProcessing.Calls, Is.Empty);
        Assert.That(_nop.Orders.History, Is.Empty);
    }

    [Test]
    public async Task A_failed_attempt_is_recorded_once_as_nopCommerce_records_it()
    {
        var rp = ARecurringPayment();
        await _nop.PostOkAsync("processNextRecurringPayment", Paid("in_1"));
        var attempt = new { recurringPaymentId = 1, invoiceId = "in_2", attemptCount = 1, error = "Your card was declined." };

        var failed = await _nop.PostOkAsync("markRecurringPaymentFailed", attempt);
        var again = await _nop.PostOkAsync("markRecurringPaymentFailed", JObject.FromObject(attempt).ToString());

        Assert.Multiple(() =>
        {
            Assert.That(((bool)failed.Body["alreadyApplied"]!, (bool)failed.Body["cancelled"]!), Is.EqualTo((false, false)));
            Assert.That(rp.LastPaymentFailed, Is.True);
            Assert.That((bool)again.Body["alreadyApplied"]!, Is.True);
            Assert.That(_nop.OrderProcessing.LoggedErrors, Is.EqualTo(new[] { "Error while processing recurring order. Your card was declined." }));
            Assert.That(_nop.OrderProcessing.CustomerNotifications, Is.EqualTo(new[] { "RecurringPaymentFailed.CustomerNotification" }));
        });
    }

    [Test]
    public async Task A_failed_attempt_cancels_when_the_store_says_so()
    {
        var rp = ARecurringPayment();
        _nop.OrderProcessing.CancelRecurringPaymentsAfterFailedPayment = true;

        var failed = await _nop.PostOkAsync("markRecurringPaymentFailed", new { recurringPaymentId = 1, invoiceId = "in_1", attemptCount = 1, error = "no" });

        Assert.That((bool)failed.Body["cancelled"]!, Is.True);
        Assert.That(rp.IsActive, Is.False);
    }

    [Test]
    public async Task A_cancellation_from_Stripe_happens_once_marked_with_its_origin_and_nothing_is_billed_after()
    {
        var rp = ARecurringPayment();
        var cancel = new { recurringPaymentId = 1, origin = StripeOrigin("evt_deleted") };

        var first = await _nop.PostOkAsync("cancelRecurringPayment", cancel);
        var second = await _nop.PostAsync("cancelRecurringPayment", cancel, requestId: "another-job");
        var late = await _nop.PostAsync("processNextRecurringPayment", Paid("in_late"));

        var rows = Rows("recurring_payment.cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(((bool)first.Body["alreadyCancelled"]!, rp.IsActive), Is.EqualTo((false, false)));
            Assert.That((bool)second.Body["alreadyCancelled"]!, Is.True);
            Assert.That(rows, Has.Count.EqualTo(1));
            Assert.That((string)ContractJson.Parse(rows[0].PayloadJson)["origin"]!["reference"], Is.EqualTo("evt_deleted"));
            Assert.That((late.Status, late.Rule), Is.EqualTo((409, "RecurringPaymentIsActive")));
        });
    }
}
