using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.StripeSidecar.Controllers;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Interop;

/// <summary>
/// Sidecar -> plugin on the wire. The real WriteBackController (with WriteBackService and ContractMapper over the
/// in-memory store) is served by Kestrel on a loopback port; test/interop/call-write-back.ts points the sidecar's real
/// HttpNopAdapter at it. Checks that the plugin accepts the sidecar's signatures and bodies, that the store changed as
/// asked, and that the adapter accepts the plugin's answers, refusals and errors as the contract describes them.
/// </summary>
public class SidecarToPluginInteropTests
{
    private const string Secret = "whsec_aW50ZXJvcC13cml0ZS1iYWNrLXNlY3JldC0zMmJ5dGU=";
    private const string WrongSecret = "whsec_d3Jvbmctd3JpdGUtYmFjay1zZWNyZXQtMzItYnl0ZXM=";
    private const string Note = "Stripe: Zahlung eingegangen ✓ — «Teilerstattung» folgt 🍮";
    private const string CaptureResult = "succeeded — 1 234,50 € (Zoë)";

    private readonly FakeNopServices _nop = InteropStore.Seeded(withRecurringPayment: true);
    private WebApplication _app;

    /// <summary>A nullableString longer than the plugin used to accept (1000); the contract and the sidecar set no limit.</summary>
    private static readonly string LongText = string.Concat(Enumerable.Repeat("Lagerbestand geprüft ✓ ", 200));

    /// <summary>
    /// The calls, run in this order, named for the tests. They reach all 21 operations; void, cancel and the
    /// shipment calls use order 2 (authorized, two items to ship).
    /// </summary>
    private static readonly (string Name, string Op, object Request, string Secret)[] Calls =
    [
        ("getOrder", "getOrder", new { orderId = 1 }, null),
        ("markOrderAuthorized", "markOrderAuthorized", new { orderId = 1, authorizationTransactionId = "pi_3QxInterop" }, null),
        ("markOrderPaid", "markOrderPaid", new { orderId = 1, captureTransactionId = "ch_3QxInterop", captureTransactionResult = CaptureResult }, null),
        ("addOrderNote", "addOrderNote", new { orderId = 1, note = Note, displayToCustomer = true }, null),
        ("refused", "markOrderPaid", new { orderId = 1, captureTransactionId = "ch_second", captureTransactionResult = (string)null }, null),
        ("recordRefund", "recordRefund", new { orderId = 1, kind = "partial", amount = "12.30", refundId = "re_3QxInterop" }, null),
        ("recordRefund again", "recordRefund", new { orderId = 1, kind = "partial", amount = "12.30", refundId = "re_3QxInterop" }, null),
        ("addShipment", "addShipment", new { orderId = 2, trackingNumber = "ÄÖÜ-0002", items = new[] { new { orderItemId = 2, quantity = 1 } }, notifyCustomer = false }, null),
        ("markShipmentDelivered", "markShipmentDelivered", new { shipmentId = 2, notifyCustomer = true }, null),
        ("voidOrder", "voidOrder", new { orderId = 2 }, null),
        ("cancelOrder", "cancelOrder", new { orderId = 2, notifyCustomer = false }, null),
        ("setStockQuantity", "setStockQuantity", new { productId = 1, stockQuantity = 42, message = LongText }, null),
        ("updateProductPrice", "updateProductPrice", new { productId = 1, price = "1299.9900", oldPrice = (string)null }, null),
        ("listProducts", "listProducts", new { pageIndex = 0, pageSize = 10 }, null),
        ("getCustomer", "getCustomer", new { customerId = 1 }, null),
        ("listCustomers", "listCustomers", new { pageIndex = 0, pageSize = 10, registeredOnly = true }, null),
        ("getReturnRequest", "getReturnRequest", new { returnRequestId = 1 }, null),
        ("setReturnRequestStatus", "setReturnRequestStatus", new { returnRequestId = 1, returnRequestStatusId = 20, staffNotes = "Genehmigt — 返品OK" }, null),
        ("updateCustomer", "updateCustomer", new { customerId = 1, expectedVersion = (long?)null, origin = new { system = "stripe", reference = "evt_interop" }, changes = new { lastName = "Ångström-Æbelø", phone = "+49 30 987654" } }, null),
        ("getRecurringPayment", "getRecurringPayment", new { recurringPaymentId = 1 }, null),
        ("listRecurringPayments", "listRecurringPayments", new { pageIndex = 0, pageSize = 10 }, null),
        ("processNextRecurringPayment", "processNextRecurringPayment", new { recurringPaymentId = 1, invoiceId = "in_interop_1", captureTransactionId = "pi_interop_1" }, null),
        ("markRecurringPaymentFailed", "markRecurringPaymentFailed", new { recurringPaymentId = 1, invoiceId = "in_interop_2", attemptCount = 1, error = "Karte abgelehnt — «insufficient_funds»" }, null),
        ("cancelRecurringPayment", "cancelRecurringPayment", new { recurringPaymentId = 1, origin = new { system = "stripe", reference = "evt_interop_deleted" } }, null),
        ("not found", "getOrder", new { orderId = 999 }, null),
        ("wrong secret", "addOrderNote", new { orderId = 1, note = "forged", displayToCustomer = false }, WrongSecret),
    ];

    private readonly Dictionary<string, JObject> _results = new();

    [OneTimeSetUp]
    public async Task CallThePluginWithTheSidecarsAdapter()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = TestContext.CurrentContext.TestDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var services = builder.Services;
        _nop.Settings.WriteBackSecret = Secret;
        _nop.AddTo(services)
            .AddScoped<ContractMapper>()
            .AddScoped<CustomerWriteBack>()
            .AddScoped<RecurringPaymentWriteBack>()
            .AddScoped<WriteBackService>();
        services.AddControllers().AddApplicationPart(typeof(WriteBackController).Assembly);
        _app = builder.Build();
        _app.MapControllers();
        await _app.StartAsync();

        var calls = new JArray(Calls.Select(c => new JObject
        {
            ["op"] = c.Op,
            ["request"] = JObject.FromObject(c.Request),
            ["secret"] = c.Secret,
        }));
        var results = await NodeScript.RunAsync("call-write-back.ts",
            new JObject { ["baseUrl"] = _app.Urls.Single(), ["secret"] = Secret, ["calls"] = calls });
        Assert.That(results.Count(), Is.EqualTo(Calls.Length));
        foreach (var (call, result) in Calls.Zip(results))
            _results[call.Name] = (JObject)result;
    }

    [OneTimeTearDown]
    public async Task StopThePlugin()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    private JToken Ok(string call)
    {
        var result = _results[call];
        Assert.That(result.Value<string>("outcome"), Is.EqualTo("ok"), result.ToString());
        return result["value"]!;
    }

    [Test]
    public void The_plugin_logged_no_error() => Assert.That(_nop.Logger.Entries, Is.Empty);

    /// <summary>The adapter checks every 2xx answer against its zod response schema before it returns it.</summary>
    [Test]
    public void Every_operation_is_answered_in_a_shape_the_adapter_accepts()
    {
        string[] refusals = ["refused", "not found", "wrong secret"];
        var failed = _results.Where(r => !refusals.Contains(r.Key) && r.Value.Value<string>("outcome") != "ok")
            .Select(r => $"{r.Key}: {r.Value}").ToList();
        Assert.That(failed, Is.Empty);
        Assert.That(Calls.Select(c => c.Op).Distinct().Count(), Is.EqualTo(22), "all write-back operations are called");
    }

    [Test]
    public void Shipments_void_cancel_stock_and_return_requests_change_the_store()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_nop.Shipments.Shipments.Single(s => s.Id == 2).TrackingNumber, Is.EqualTo("ÄÖÜ-0002"));
            Assert.That(_nop.Shipments.Shipments.Single(s => s.Id == 2).DeliveryDateUtc, Is.Not.Null);
            Assert.That(Ok("markShipmentDelivered")["shipment"]!.Value<string>("deliveryDateUtc"), Is.Not.Null);
            Assert.That(_nop.Orders.Orders[1].PaymentStatus, Is.EqualTo(PaymentStatus.Voided));
            Assert.That(_nop.Orders.Orders[1].OrderStatus, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(Ok("setStockQuantity")["product"]!.Value<int>("stockQuantity"), Is.EqualTo(42));
            Assert.That(_nop.ReturnRequests.ReturnRequests[0].StaffNotes, Is.EqualTo("Genehmigt — 返品OK"));
            Assert.That(Ok("listCustomers").Value<int>("totalCount"), Is.EqualTo(1));
        });
    }

    [Test]
    public void GetOrder_answer_passes_the_adapters_contract_check()
    {
        var order = Ok("getOrder")["order"]!;
        Assert.Multiple(() =>
        {
            Assert.That(order.Value<int>("id"), Is.EqualTo(1));
            Assert.That(order["billingAddress"]!.Value<string>("city"), Is.EqualTo("München"));
            Assert.That(order["items"]![0]!.Value<string>("productName"), Is.EqualTo("Crème brûlée set — 🍮 «Spezial»"));
            Assert.That(order.Value<string>("orderTotal"), Is.EqualTo("1234.50"));
            Assert.That(order.Value<string>("orderTax"), Is.EqualTo("197.105"));
            Assert.That(order["shipments"]![0]!.Value<string>("totalWeight"), Is.EqualTo("1.2345"));
        });
    }

    [Test]
    public void MarkOrderPaid_marks_the_order_paid()
    {
        var order = Ok("markOrderPaid")["order"]!;
        var stored = _nop.Orders.Orders[0];
        Assert.Multiple(() =>
        {
            Assert.That(order.Value<int>("paymentStatusId"), Is.EqualTo((int)PaymentStatus.Paid));
            Assert.That(order.Value<string>("captureTransactionId"), Is.EqualTo("ch_3QxInterop"));
            Assert.That(order.Value<string>("paidDateUtc"), Is.Not.Null);
            Assert.That(stored.CaptureTransactionId, Is.EqualTo("ch_3QxInterop"));
            Assert.That(stored.CaptureTransactionResult, Is.EqualTo(CaptureResult));
            Assert.That(_nop.OrderProcessing.Calls.Where(c => c.StartsWith("MarkOrderAsPaid")), Is.EqualTo(new[] { "MarkOrderAsPaidAsync" }));
        });
    }

    [Test]
    public void AddOrderNote_keeps_the_text_exactly()
    {
        // After the notes nopCommerce's order processing wrote when order 1 was authorized and paid.
        var notes = Ok("addOrderNote")["order"]!["notes"]!;
        Assert.That(notes.Select(n => n.Value<string>("note")),
            Is.EqualTo(new[] { "Order has been marked as authorized", "Order has been marked as paid", Note }));
        Assert.That(_nop.Orders.Notes.Where(n => n.DisplayToCustomer).Select(n => (n.OrderId, n.Note)), Is.EqualTo(new[] { (1, Note) }));
    }

    [Test]
    public void RecordRefund_is_applied_once_and_a_repeat_gets_the_same_answer()
    {
        var first = Ok("recordRefund");
        Assert.Multiple(() =>
        {
            Assert.That(first.Value<bool>("alreadyApplied"), Is.False);
            Assert.That(first["order"]!.Value<string>("refundedAmount"), Is.EqualTo("12.30"));
            Assert.That(first["order"]!.Value<int>("paymentStatusId"), Is.EqualTo((int)PaymentStatus.PartiallyRefunded));
            Assert.That(JToken.DeepEquals(Ok("recordRefund again"), first), Is.True, "the repeat (same derived request id) is answered from the stored answer");
            Assert.That(_nop.OrderProcessing.Calls.Where(c => c.StartsWith("PartiallyRefundOffline")), Is.EqualTo(new[] { "PartiallyRefundOfflineAsync" }));
            Assert.That(_nop.OrderProcessing.RaisedEvents.Where(e => e.StartsWith("OrderRefundedEvent")), Is.EqualTo(new[] { "OrderRefundedEvent 1 12.30" }));
            Assert.That(_nop.Orders.Orders[0].RefundedAmount, Is.EqualTo(12.30m));
        });
    }

    [Test]
    public void UpdateProductPrice_reads_the_decimal_string()
    {
        Assert.That(Ok("updateProductPrice")["product"]!.Value<string>("price"), Is.EqualTo("1299.99"));
        Assert.That(_nop.Products.Products[0].Price, Is.EqualTo(1299.99m));
    }

    [Test]
    public void A_rule_refusal_reaches_the_adapter_as_NopRuleRefused()
    {
        var result = _results["refused"];
        Assert.That(result.Value<string>("outcome"), Is.EqualTo("refused"), result.ToString());
        Assert.That(result.Value<string>("kind"), Is.EqualTo("rule_refused"));
        Assert.That(result.Value<string>("rule"), Is.EqualTo("CanMarkOrderAsPaid"));
    }

    [Test]
    public void An_unknown_order_reaches_the_adapter_as_NopNotFound()
    {
        var result = _results["not found"];
        Assert.That(result.Value<string>("outcome"), Is.EqualTo("refused"), result.ToString());
        Assert.That(result.Value<string>("kind"), Is.EqualTo("not_found"));
    }

    [Test]
    public void A_call_signed_with_the_wrong_secret_is_refused_401_and_changes_nothing()
    {
        var result = _results["wrong secret"];
        Assert.Multiple(() =>
        {
            Assert.That(result.Value<string>("outcome"), Is.EqualTo("error"), result.ToString());
            Assert.That(result.Value<string>("name"), Is.EqualTo("NopRequestError"));
            Assert.That(result.Value<string>("code"), Is.EqualTo("unauthorized"));
            Assert.That(result.Value<int?>("status"), Is.EqualTo(401));
            Assert.That(result.Value<bool>("retryable"), Is.False);
            Assert.That(_nop.Orders.Notes.Select(n => n.Note), Has.No.Member("forged"));
        });
    }

    [Test]
    public void Customer_and_recurring_write_backs_change_the_store_and_mark_their_events_from_Stripe()
    {
        var customerEvent = _nop.Outbox.Rows.Single(r => r.EventType == "customer.updated");
        var cancelled = _nop.Outbox.Rows.Single(r => r.EventType == "recurring_payment.cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(_nop.Customers.Customers[0].LastName, Is.EqualTo("Ångström-Æbelø"));
            Assert.That(Ok("updateCustomer")["customer"]!.Value<long>("version"), Is.EqualTo(customerEvent.Id));
            Assert.That((string)JObject.Parse(customerEvent.PayloadJson)["origin"]!["reference"], Is.EqualTo("evt_interop"));
            Assert.That(Ok("processNextRecurringPayment")["order"]!.Value<int>("id"), Is.EqualTo(1), "the first invoice is order 1's cycle");
            Assert.That(Ok("markRecurringPaymentFailed")["recurringPayment"]!.Value<bool>("lastPaymentFailed"), Is.True);
            Assert.That(Ok("cancelRecurringPayment")["recurringPayment"]!.Value<bool>("isActive"), Is.False);
            Assert.That((string)JObject.Parse(cancelled.PayloadJson)["origin"]!["reference"], Is.EqualTo("evt_interop_deleted"));
        });
    }

    [Test]
    public void Writes_are_recorded_by_the_sidecars_request_ids()
    {
        var ids = _nop.WriteBackRequests.Rows.Select(r => r.RequestId).ToList();
        // Every write but the repeated recordRefund (same id) and the forged note (refused before the claim).
        Assert.That(ids, Has.Count.EqualTo(16), string.Join(", ", ids));
        Assert.That(ids, Has.All.Match("^nop_[A-Za-z]+_[0-9a-f]{40}$"));
    }
}
