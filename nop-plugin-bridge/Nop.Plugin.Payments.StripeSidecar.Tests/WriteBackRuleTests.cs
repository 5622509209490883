using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using NUnit.Framework;
using static Nop.Core.Domain.Orders.OrderStatus;
using static Nop.Core.Domain.Payments.PaymentStatus;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>
/// The write-back operations against nopCommerce's rules: a refusal is 409 rule_refused naming the rule and changes
/// nothing; an allowed operation goes through IOrderProcessingService and answers the order as it now is.
/// </summary>
public class WriteBackRuleTests
{
    private FakeNopServices _nop;

    [SetUp]
    public void SetUp() => _nop = new FakeNopServices();

    private static readonly object MarkPaid = new { orderId = 1, captureTransactionId = "pi_3QxExample0001", captureTransactionResult = (string)null };
    private static readonly object MarkAuthorized = new { orderId = 1, authorizationTransactionId = "pi_3QxExample0001" };
    private static readonly object FullRefund = new { orderId = 1, kind = "full", amount = "100.00", refundId = "re_1" };
    private static object PartialRefund(string amount) => new { orderId = 1, kind = "partial", amount, refundId = "re_1" };
    private static readonly object Void = new { orderId = 1 };
    private static readonly object Cancel = new { orderId = 1, notifyCustomer = false };

    private static TestCaseData Refused(string operation, object body, OrderStatus os, PaymentStatus ps, string rule, decimal total = 100m, decimal refunded = 0m) =>
        new TestCaseData(operation, body, os, ps, total, refunded, rule).SetName($"{operation} of a {os}/{ps} order (total {total}, refunded {refunded}) is refused by {rule}");

    private static IEnumerable<TestCaseData> Refusals()
    {
        yield return Refused("markOrderPaid", MarkPaid, Cancelled, PaymentStatus.Pending, "CanMarkOrderAsPaid");
        yield return Refused("markOrderPaid", MarkPaid, Processing, Paid, "CanMarkOrderAsPaid");
        yield return Refused("markOrderPaid", MarkPaid, Complete, Refunded, "CanMarkOrderAsPaid", refunded: 100m);
        yield return Refused("markOrderPaid", MarkPaid, Processing, Voided, "CanMarkOrderAsPaid");
        yield return Refused("markOrderAuthorized", MarkAuthorized, Processing, Authorized, "CanMarkOrderAsAuthorized");
        yield return Refused("markOrderAuthorized", MarkAuthorized, Processing, Paid, "CanMarkOrderAsAuthorized");
        yield return Refused("markOrderAuthorized", MarkAuthorized, Cancelled, PaymentStatus.Pending, "CanMarkOrderAsAuthorized");
        yield return Refused("recordRefund", FullRefund, OrderStatus.Pending, PaymentStatus.Pending, "CanRefundOffline");
        yield return Refused("recordRefund", FullRefund, Processing, Authorized, "CanRefundOffline");
        yield return Refused("recordRefund", FullRefund, Processing, PartiallyRefunded, "CanRefundOffline", refunded: 10m);
        yield return Refused("recordRefund", FullRefund, Complete, Refunded, "CanRefundOffline", refunded: 100m);
        yield return Refused("recordRefund", PartialRefund("10.00"), Processing, Authorized, "CanPartiallyRefundOffline");
        yield return Refused("recordRefund", PartialRefund("10.00"), Processing, Voided, "CanPartiallyRefundOffline");
        yield return Refused("recordRefund", PartialRefund("100.01"), Processing, Paid, "CanPartiallyRefundOffline");
        yield return Refused("recordRefund", PartialRefund("90.01"), Processing, PartiallyRefunded, "CanPartiallyRefundOffline", refunded: 10m);
        yield return Refused("recordRefund", PartialRefund("1.00"), Processing, Paid, "CanPartiallyRefundOffline", total: 0m);
        yield return Refused("voidOrder", Void, Processing, Paid, "CanVoidOffline");
        yield return Refused("voidOrder", Void, OrderStatus.Pending, PaymentStatus.Pending, "CanVoidOffline");
        yield return Refused("voidOrder", Void, Processing, Authorized, "CanVoidOffline", total: 0m);
        yield return Refused("cancelOrder", Cancel, Cancelled, Voided, "CanCancelOrder");
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task A_rule_refusal_is_409_naming_the_rule_and_changes_nothing(string operation, object body, OrderStatus os, PaymentStatus ps,
        decimal total, decimal refunded, string rule)
    {
        var order = _nop.AnOrder(os, ps, total, refunded);

        var answer = await _nop.PostAsync(operation, body);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo(409), answer.ToString());
            Assert.That(answer.ErrorCode, Is.EqualTo("rule_refused"));
            Assert.That(answer.Rule, Is.EqualTo(rule));
            Assert.That(answer.Message, Does.Contain("order 1"));
            Assert.That((order.OrderStatus, order.PaymentStatus, order.RefundedAmount), Is.EqualTo((os, ps, refunded)));
            Assert.That(order.CaptureTransactionId, Is.Null);
            Assert.That(order.AuthorizationTransactionId, Is.Null);
            Assert.That(_nop.OrderProcessing.Calls, Is.Empty);
            Assert.That(_nop.Orders.Notes, Is.Empty);
        });
        ContractJson.AssertValid("write-back/error.schema.json", answer.Body);
    }

    [Test]
    public async Task An_authorized_order_is_marked_paid_with_the_capture_id()
    {
        var order = _nop.AnOrder(Processing, Authorized);

        var answer = await _nop.PostOkAsync("markOrderPaid", MarkPaid);

        Assert.That(_nop.OrderProcessing.Calls, Is.EqualTo(new[] { "MarkOrderAsPaidAsync" }));
        Assert.That((order.PaymentStatus, order.CaptureTransactionId), Is.EqualTo((Paid, "pi_3QxExample0001")));
        Assert.That((int)answer.Order["paymentStatusId"]!, Is.EqualTo(30));
        Assert.That((string)answer.Order["captureTransactionId"], Is.EqualTo("pi_3QxExample0001"));
        Assert.That(answer.Order["paidDateUtc"]!.Type, Is.EqualTo(JTokenType.String));
    }

    [Test]
    public async Task A_pending_order_is_marked_authorized_and_moves_to_processing()
    {
        var order = _nop.AnOrder(OrderStatus.Pending, PaymentStatus.Pending);

        var answer = await _nop.PostOkAsync("markOrderAuthorized", MarkAuthorized);

        Assert.That((order.PaymentStatus, order.OrderStatus, order.AuthorizationTransactionId), Is.EqualTo((Authorized, Processing, "pi_3QxExample0001")));
        Assert.That((int)answer.Order["paymentStatusId"]!, Is.EqualTo(20));
    }

    [Test]
    public async Task A_full_refund_of_a_paid_order_refunds_the_total()
    {
        var order = _nop.AnOrder(Complete, Paid, shippingStatusId: FakeOrderProcessingService.Delivered);

        var answer = await _nop.PostOkAsync("recordRefund", FullRefund);

        Assert.That(_nop.OrderProcessing.Calls, Is.EqualTo(new[] { "RefundOfflineAsync" }));
        Assert.That((order.PaymentStatus, order.RefundedAmount), Is.EqualTo((Refunded, 100m)));
        Assert.That((string)answer.Order["refundedAmount"], Is.EqualTo("100.00"));
        Assert.That((bool)answer.Body["alreadyApplied"]!, Is.False);
    }

    [Test]
    public async Task A_full_refund_whose_amount_is_not_the_total_is_422()
    {
        var order = _nop.AnOrder(Processing, Paid);

        var answer = await _nop.PostAsync("recordRefund", new { orderId = 1, kind = "full", amount = "99.99", refundId = "re_1" });

        Assert.That(answer.Status, Is.EqualTo(422), answer.ToString());
        Assert.That(answer.ErrorCode, Is.EqualTo("invalid_request"));
        Assert.That(answer.Message, Does.Contain("orderTotal"));
        Assert.That(order.RefundedAmount, Is.EqualTo(0m));
    }

    [Test]
    public async Task Partial_refunds_add_up_and_the_last_one_makes_the_order_refunded()
    {
        var order = _nop.AnOrder(Processing, Paid);

        var first = await _nop.PostAsync("recordRefund", new { orderId = 1, kind = "partial", amount = "30.00", refundId = "re_1" });
        Assert.That((order.PaymentStatus, order.RefundedAmount), Is.EqualTo((PartiallyRefunded, 30m)));
        var second = await _nop.PostAsync("recordRefund", new { orderId = 1, kind = "partial", amount = "70.00", refundId = "re_2" });

        Assert.That((first.Status, second.Status), Is.EqualTo((200, 200)), second.ToString());
        Assert.That((order.PaymentStatus, order.RefundedAmount), Is.EqualTo((Refunded, 100m)));
        Assert.That((string)second.Order["refundedAmount"], Is.EqualTo("100.00"));
        Assert.That(_nop.OrderProcessing.RaisedEvents.Where(e => e.StartsWith("OrderRefundedEvent")), Is.EqualTo(new[] { "OrderRefundedEvent 1 30.00", "OrderRefundedEvent 1 70.00" }));
    }

    [Test]
    public async Task A_Stripe_refund_already_recorded_is_not_applied_again_even_under_another_request_id()
    {
        var order = _nop.AnOrder(Processing, Paid);
        var body = new { orderId = 1, kind = "partial", amount = "30.00", refundId = "re_1" };

        await _nop.PostAsync("recordRefund", body, requestId: "req_a");
        var again = await _nop.PostAsync("recordRefund", body, requestId: "req_b");

        Assert.That(again.Status, Is.EqualTo(200), again.ToString());
        Assert.That((bool)again.Body["alreadyApplied"]!, Is.True);
        Assert.That(order.RefundedAmount, Is.EqualTo(30m));
        Assert.That(_nop.OrderProcessing.Calls, Is.EqualTo(new[] { "PartiallyRefundOfflineAsync" }));
    }

    [Test]
    public async Task An_authorized_order_is_voided()
    {
        var order = _nop.AnOrder(Processing, Authorized);

        var answer = await _nop.PostOkAsync("voidOrder", Void);

        Assert.That(order.PaymentStatus, Is.EqualTo(Voided));
        Assert.That((int)answer.Order["paymentStatusId"]!, Is.EqualTo(50));
    }

    [Test]
    public async Task Cancelling_leaves_the_payment_as_it_is()
    {
        var order = _nop.AnOrder(Processing, Paid);

        var answer = await _nop.PostOkAsync("cancelOrder", Cancel);

        Assert.That((order.OrderStatus, order.PaymentStatus), Is.EqualTo((Cancelled, Paid)));
        Assert.That((int)answer.Order["orderStatusId"]!, Is.EqualTo(40));
    }

    [Test]
    public async Task A_note_is_added_and_answered_with_the_order()
    {
        _nop.AnOrder(Processing, Paid);

        var answer = await _nop.PostOkAsync("addOrderNote", new { orderId = 1, note = "Refund issued in Stripe", displayToCustomer = true });

        Assert.That(_nop.Orders.Notes.Select(n => (n.Note, n.DisplayToCustomer)), Is.EqualTo(new[] { ("Refund issued in Stripe", true) }));
        Assert.That((string)answer.Order["notes"]![0]!["note"], Is.EqualTo("Refund issued in Stripe"));
    }

    [Test]
    public async Task A_shipment_without_items_ships_every_shippable_item_left()
    {
        var order = _nop.AnOrder(Processing, Paid);

        var answer = await _nop.PostOkAsync("addShipment", new { orderId = 1, trackingNumber = "1Z999", items = (object)null, notifyCustomer = false });

        Assert.That(_nop.Shipments.Items.Select(i => (i.OrderItemId, i.Quantity)), Is.EqualTo(new[] { (StoreBuilder.HoodieLineId, 2) }), "the e-book is not shippable");
        Assert.That(_nop.OrderProcessing.Calls, Is.EqualTo(new[] { "ShipAsync" }));
        Assert.That(order.ShippingStatusId, Is.EqualTo(FakeOrderProcessingService.Shipped));
        Assert.That(answer.Body["shipment"]!["shippedDateUtc"]!.Type, Is.EqualTo(JTokenType.String));
    }

    [Test]
    public async Task A_shipment_of_some_items_leaves_the_order_partially_shipped()
    {
        var order = _nop.AnOrder(Processing, Paid);

        var answer = await _nop.PostAsync("addShipment",
            new { orderId = 1, trackingNumber = "1Z999", items = new[] { new { orderItemId = StoreBuilder.HoodieLineId, quantity = 1 } }, notifyCustomer = true });

        Assert.That(answer.Status, Is.EqualTo(200), answer.ToString());
        Assert.That(order.ShippingStatusId, Is.EqualTo(FakeOrderProcessingService.PartiallyShipped));
        Assert.That((int)answer.Body["shipment"]!["items"]![0]!["quantity"]!, Is.EqualTo(1));
    }

    [Test]
    public async Task A_shipment_when_nothing_is_left_to_ship_is_refused_by_HasItemsToAddToShipment()
    {
        _nop.AnOrder(Processing, Paid, shippingStatusId: FakeOrderProcessingService.Shipped);
        _nop.AShipment(shipped: true);

        var answer = await _nop.PostAsync("addShipment", new { orderId = 1, trackingNumber = "1Z999", items = (object)null, notifyCustomer = false });

        Assert.That((answer.Status, answer.Rule), Is.EqualTo((409, "HasItemsToAddToShipment")), answer.ToString());
        Assert.That(_nop.Shipments.Shipments, Has.Count.EqualTo(1));
        Assert.That(_nop.OrderProcessing.Calls, Is.Empty);
    }

    [Test]
    public async Task A_shipment_of_more_than_is_left_is_refused_by_HasItemsToAddToShipment()
    {
        _nop.AnOrder(Processing, Paid);
        _nop.AShipment(shipped: false, quantity: 1);

        var answer = await _nop.PostAsync("addShipment",
            new { orderId = 1, trackingNumber = "1Z999", items = new[] { new { orderItemId = StoreBuilder.HoodieLineId, quantity = 2 } }, notifyCustomer = false });

        Assert.That((answer.Status, answer.Rule), Is.EqualTo((409, "HasItemsToAddToShipment")), answer.ToString());
        Assert.That(answer.Message, Does.Contain("1 left"));
        Assert.That(_nop.Shipments.Shipments, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_shipment_of_an_item_that_is_not_shippable_is_422_naming_the_item()
    {
        _nop.AnOrder(Processing, Paid);

        var answer = await _nop.PostAsync("addShipment",
            new { orderId = 1, trackingNumber = "1Z999", items = new[] { new { orderItemId = StoreBuilder.EbookLineId, quantity = 1 } }, notifyCustomer = false });

        Assert.That(answer.Status, Is.EqualTo(422), answer.ToString());
        Assert.That(answer.Message, Does.StartWith("request.items.0.orderItemId"));
        Assert.That(_nop.Shipments.Shipments, Is.Empty);
    }

    [Test]
    public async Task A_shipped_shipment_is_marked_delivered_and_completes_a_paid_order()
    {
        var order = _nop.AnOrder(Processing, Paid, shippingStatusId: FakeOrderProcessingService.Shipped);
        var shipment = _nop.AShipment(shipped: true);

        var answer = await _nop.PostOkAsync("markShipmentDelivered", new { shipmentId = 1, notifyCustomer = true });

        Assert.That(shipment.DeliveryDateUtc, Is.Not.Null);
        Assert.That((order.ShippingStatusId, order.OrderStatus), Is.EqualTo((FakeOrderProcessingService.Delivered, Complete)));
    }

    [TestCase(false, false, "ShipmentIsShipped")]
    [TestCase(true, true, "ShipmentNotYetDelivered")]
    public async Task Delivering_a_shipment_not_shipped_or_already_delivered_is_refused(bool shipped, bool delivered, string rule)
    {
        _nop.AnOrder(Processing, Paid);
        var shipment = _nop.AShipment(shipped, delivered);
        var deliveredOn = shipment.DeliveryDateUtc;

        var answer = await _nop.PostAsync("markShipmentDelivered", new { shipmentId = 1, notifyCustomer = false });

        Assert.That((answer.Status, answer.ErrorCode, answer.Rule), Is.EqualTo((409, "rule_refused", rule)), answer.ToString());
        Assert.That(shipment.DeliveryDateUtc, Is.EqualTo(deliveredOn));
        Assert.That(_nop.OrderProcessing.Calls, Is.Empty);
    }

    [Test]
    public async Task Stock_is_set_through_an_inventory_adjustment()
    {
        _nop.ACatalog();

        var answer = await _nop.PostOkAsync("setStockQuantity", new { productId = StoreBuilder.HoodieId, stockQuantity = 100, message = (string)null });

        Assert.That((int)answer.Body["product"]!["stockQuantity"]!, Is.EqualTo(100));
        Assert.That(_nop.Products.StockHistory.Select(h => (h.QuantityAdjustment, h.StockQuantity, h.Message)),
            Is.EqualTo(new[] { (-20, 100, "Stock set by the Stripe sidecar") }));
    }

    [Test]
    public async Task Stock_of_a_product_without_stock_management_is_refused_by_ManageStock()
    {
        _nop.ACatalog();

        var answer = await _nop.PostAsync("setStockQuantity", new { productId = StoreBuilder.EbookId, stockQuantity = 5, message = "count" });

        Assert.That((answer.Status, answer.Rule), Is.EqualTo((409, "ManageStock")), answer.ToString());
        Assert.That(_nop.Products.StockHistory, Is.Empty);
    }

    [Test]
    public async Task A_price_update_keeps_the_old_price_when_none_is_sent()
    {
        _nop.ACatalog();
        var hoodie = _nop.Products.Products.Single(p => p.Id == StoreBuilder.HoodieId);
        hoodie.OldPrice = 59.90m;

        var answer = await _nop.PostOkAsync("updateProductPrice", new { productId = StoreBuilder.HoodieId, price = "44.90", oldPrice = (string)null });

        Assert.That((hoodie.Price, hoodie.OldPrice), Is.EqualTo((44.90m, 59.90m)));
        Assert.That((string)answer.Body["product"]!["price"], Is.EqualTo("44.90"));
    }

    [Test]
    public async Task A_return_request_status_is_set_without_moving_money()
    {
        var order = _nop.AnOrder(Complete, Paid, shippingStatusId: FakeOrderProcessingService.Delivered);
        var rr = _nop.ReturnRequests.Add(new ReturnRequest
        {
            Id = 1, StoreId = 1, OrderItemId = StoreBuilder.HoodieLineId, CustomerId = 3, Quantity = 1, ReasonForReturn = "Too small",
            RequestedAction = "Refund", ReturnRequestStatusId = 0, CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow,
        });

        var answer = await _nop.PostOkAsync("setReturnRequestStatus", new { returnRequestId = 1, returnRequestStatusId = 40, staffNotes = "refunded in Stripe" });

        Assert.That((rr.ReturnRequestStatusId, rr.StaffNotes), Is.EqualTo((40, "refunded in Stripe")));
        Assert.That((order.PaymentStatus, order.RefundedAmount), Is.EqualTo((Paid, 0m)));
        Assert.That(_nop.OrderProcessing.Calls, Is.Empty);
        Assert.That((string)answer.Body["returnRequest"]!["orderGuid"], Is.EqualTo(order.OrderGuid.ToString()));
    }

    [TestCase("getOrder", "{\"orderId\":404}", "order 404")]
    [TestCase("voidOrder", "{\"orderId\":404}", "order 404")]
    [TestCase("markShipmentDelivered", "{\"shipmentId\":404,\"notifyCustomer\":false}", "shipment 404")]
    [TestCase("updateProductPrice", "{\"productId\":404,\"price\":\"1.00\",\"oldPrice\":null}", "product 404")]
    [TestCase("getCustomer", "{\"customerId\":404}", "customer 404")]
    [TestCase("getReturnRequest", "{\"returnRequestId\":404}", "return request 404")]
    public async Task Unknown_rows_are_404(string operation, string body, string what)
    {
        _nop.AnOrder(Processing, Authorized);

        var answer = await _nop.PostAsync(operation, body);

        Assert.That((answer.Status, answer.ErrorCode), Is.EqualTo((404, "not_found")), answer.ToString());
        Assert.That(answer.Message, Does.Contain(what));
        ContractJson.AssertValid("write-back/error.schema.json", answer.Body);
    }

    [Test]
    public async Task A_deleted_order_or_product_is_404()
    {
        _nop.AnOrder(Processing, Authorized).Deleted = true;
        _nop.Products.Products.Single(p => p.Id == StoreBuilder.HoodieId).Deleted = true;

        var order = await _nop.PostAsync("voidOrder", new { orderId = 1 });
        var product = await _nop.PostAsync("setStockQuantity", new { productId = StoreBuilder.HoodieId, stockQuantity = 1, message = (string)null });

        Assert.That((order.Status, product.Status), Is.EqualTo((404, 404)));
        Assert.That(_nop.OrderProcessing.Calls, Is.Empty);
    }
}
