using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>What the write-back API refuses before it runs anything: bad signatures (401), bad JSON (400), bad fields (422).</summary>
public class WriteBackRequestValidationTests
{
    private FakeNopServices _nop;
    private Order _order;

    [SetUp]
    public void SetUp()
    {
        _nop = new FakeNopServices();
        _order = _nop.AnOrder(OrderStatus.Processing, PaymentStatus.Paid);
    }

    private void AssertNothingChanged()
    {
        Assert.That(_nop.OrderProcessing.Calls, Is.Empty);
        Assert.That((_order.PaymentStatus, _order.RefundedAmount), Is.EqualTo((PaymentStatus.Paid, 0m)));
        Assert.That(_nop.Orders.Notes, Is.Empty);
        Assert.That(_nop.Shipments.Shipments, Is.Empty);
        Assert.That(_nop.Products.Updates, Is.EqualTo(0));
    }

    private const string Refund = "{\"orderId\":1,\"kind\":\"partial\",\"amount\":\"10.00\",\"refundId\":\"re_1\"}";

    [Test]
    public async Task A_call_signed_with_another_secret_is_401()
    {
        var answer = await _nop.PostAsync("recordRefund", Refund, secret: _nop.Settings.EventSecret);

        Assert.That((answer.Status, answer.ErrorCode), Is.EqualTo((401, "unauthorized")), answer.ToString());
        ContractJson.AssertValid("write-back/error.schema.json", answer.Body);
        AssertNothingChanged();
        Assert.That(_nop.WriteBackRequests.Rows, Is.Empty, "an unauthenticated call claims no request id");
    }

    [Test]
    public async Task An_unsigned_call_is_401() =>
        Assert.That((await _nop.PostAsync("recordRefund", Refund, unsigned: true)).Status, Is.EqualTo(401));

    [TestCase(-301)]
    [TestCase(301)]
    public async Task A_call_outside_the_five_minute_window_is_401(int seconds)
    {
        var answer = await _nop.PostAsync("recordRefund", Refund, timestamp: DateTimeOffset.UtcNow.AddSeconds(seconds));
        Assert.That(answer.Status, Is.EqualTo(401), answer.ToString());
        AssertNothingChanged();
    }

    [Test]
    public async Task A_body_changed_after_signing_is_401()
    {
        var answer = await _nop.PostAsync("recordRefund", Refund.Replace("10.00", "90.00"), signedBody: Refund);
        Assert.That(answer.Status, Is.EqualTo(401), answer.ToString());
        AssertNothingChanged();
    }

    [Test]
    public async Task Without_a_configured_write_back_secret_every_call_is_401()
    {
        _nop.Settings.WriteBackSecret = null;
        var answer = await _nop.PostAsync("getOrder", "{\"orderId\":1}", secret: "whsec_" + Convert.ToBase64String(new byte[32]));
        Assert.That(answer.Status, Is.EqualTo(401), answer.ToString());
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("")]
    public async Task A_body_that_is_not_a_JSON_object_is_400(string body)
    {
        var answer = await _nop.PostAsync("recordRefund", body);

        Assert.That((answer.Status, answer.ErrorCode), Is.EqualTo((400, "invalid_json")), answer.ToString());
        ContractJson.AssertValid("write-back/error.schema.json", answer.Body);
        AssertNothingChanged();
    }

    [TestCase("getOrder", "{}", "request.orderId")]
    [TestCase("getOrder", "{\"orderId\":\"1\"}", "request.orderId")]
    [TestCase("getOrder", "{\"orderId\":0}", "request.orderId")]
    [TestCase("getOrder", "{\"orderId\":1.5}", "request.orderId")]
    [TestCase("getOrder", "{\"orderId\":2147483648}", "request.orderId")]
    [TestCase("markOrderPaid", "{\"orderId\":1,\"captureTransactionResult\":null}", "request.captureTransactionId")]
    [TestCase("markOrderPaid", "{\"orderId\":1,\"captureTransactionId\":\"\",\"captureTransactionResult\":null}", "request.captureTransactionId")]
    [TestCase("markOrderPaid", "{\"orderId\":1,\"captureTransactionId\":\"pi_1\"}", "request.captureTransactionResult")]
    [TestCase("markOrderPaid", "{\"orderId\":1,\"captureTransactionId\":\"pi_1\",\"captureTransactionResult\":7}", "request.captureTransactionResult")]
    [TestCase("recordRefund", "{\"orderId\":1,\"kind\":\"partial\",\"amount\":10.5,\"refundId\":\"re_1\"}", "request.amount")]
    [TestCase("recordRefund", "{\"orderId\":1,\"kind\":\"partial\",\"amount\":\"1e3\",\"refundId\":\"re_1\"}", "request.amount")]
    [TestCase("recordRefund", "{\"orderId\":1,\"kind\":\"partial\",\"amount\":\"-1.00\",\"refundId\":\"re_1\"}", "request.amount")]
    [TestCase("recordRefund", "{\"orderId\":1,\"kind\":\"partial\",\"amount\":\"10,50\",\"refundId\":\"re_1\"}", "request.amount")]
    [TestCase("recordRefund", "{\"orderId\":1,\"kind\":\"partial\",\"amount\":\"0\",\"refundId\":\"re_1\"}", "request.amount")]
    [TestCase("recordRefund", "{\"orderId\":1,\"kind\":\"half\",\"amount\":\"10.00\",\"refundId\":\"re_1\"}", "request.kind")]
    [TestCase("recordRefund", "{\"orderId\":1,\"kind\":\"partial\",\"amount\":\"10.00\"}", "request.refundId")]
    [TestCase("cancelOrder", "{\"orderId\":1,\"notifyCustomer\":\"yes\"}", "request.notifyCustomer")]
    [TestCase("addOrderNote", "{\"orderId\":1,\"displayToCustomer\":false}", "request.note")]
    [TestCase("addShipment", "{\"orderId\":1,\"trackingNumber\":\"1Z\",\"items\":[],\"notifyCustomer\":false}", "request.items")]
    [TestCase("addShipment", "{\"orderId\":1,\"trackingNumber\":\"1Z\",\"items\":[7],\"notifyCustomer\":false}", "request.items.0")]
    [TestCase("addShipment", "{\"orderId\":1,\"trackingNumber\":\"1Z\",\"items\":[{\"orderItemId\":1,\"quantity\":0}],\"notifyCustomer\":false}", "request.items.0.quantity")]
    [TestCase("addShipment", "{\"orderId\":1,\"trackingNumber\":\"1Z\",\"items\":[{\"quantity\":1}],\"notifyCustomer\":false}", "request.items.0.orderItemId")]
    [TestCase("setStockQuantity", "{\"productId\":5,\"stockQuantity\":\"3\",\"message\":null}", "request.stockQuantity")]
    [TestCase("updateProductPrice", "{\"productId\":5,\"price\":\"abc\",\"oldPrice\":null}", "request.price")]
    [TestCase("updateProductPrice", "{\"productId\":5,\"price\":\"1.00\",\"oldPrice\":1}", "request.oldPrice")]
    [TestCase("listProducts", "{\"pageIndex\":0,\"pageSize\":501}", "request.pageSize")]
    [TestCase("listProducts", "{\"pageIndex\":-1,\"pageSize\":10}", "request.pageIndex")]
    [TestCase("listCustomers", "{\"pageIndex\":0,\"pageSize\":0,\"registeredOnly\":true}", "request.pageSize")]
    [TestCase("setReturnRequestStatus", "{\"returnRequestId\":1,\"returnRequestStatusId\":15,\"staffNotes\":null}", "request.returnRequestStatusId")]
    public async Task A_bad_field_is_422_naming_it(string operation, string body, string field)
    {
        var answer = await _nop.PostAsync(operation, body);

        Assert.That((answer.Status, answer.ErrorCode), Is.EqualTo((422, "invalid_request")), answer.ToString());
        Assert.That(answer.Message, Does.StartWith(field + ":"));
        Assert.That(answer.Rule, Is.Null);
        ContractJson.AssertValid("write-back/error.schema.json", answer.Body);
        AssertNothingChanged();
    }

    [Test]
    public async Task Lists_are_paged_from_zero()
    {
        for (var id = 10; id < 15; id++)
            _nop.Products.Add(new Nop.Core.Domain.Catalog.Product { Id = id, ProductTypeId = 5, Name = $"p{id}", Published = true, CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow });

        var page = await _nop.PostAsync("listProducts", "{\"pageIndex\":1,\"pageSize\":3}");

        Assert.That(page.Status, Is.EqualTo(200), page.ToString());
        Assert.That((int)page.Body["totalCount"]!, Is.EqualTo(7));
        Assert.That(page.Body["items"]!.Select(p => (int)p["id"]!), Is.EqualTo(new[] { 11, 12, 13 }));
        ContractJson.AssertValid("write-back/list-products.response.schema.json", page.Body);
    }

    [Test]
    public async Task Registered_only_customer_lists_leave_guests_out()
    {
        _nop.Customers.Add(new Nop.Core.Domain.Customers.Customer { Id = 4, CustomerGuid = Guid.NewGuid(), Active = true, CreatedOnUtc = DateTime.UtcNow }, "Guests");

        var registered = await _nop.PostAsync("listCustomers", "{\"pageIndex\":0,\"pageSize\":10,\"registeredOnly\":true}");
        var everyone = await _nop.PostAsync("listCustomers", "{\"pageIndex\":0,\"pageSize\":10,\"registeredOnly\":false}");

        Assert.That(registered.Body["items"]!.Select(c => (int)c["id"]!), Is.EqualTo(new[] { 3 }), registered.ToString());
        Assert.That(everyone.Body["items"]!.Select(c => (int)c["id"]!), Is.EquivalentTo(new[] { 3, 4 }));
        ContractJson.AssertValid("write-back/list-customers.response.schema.json", registered.Body);
    }
}
