using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Payments.StripeSidecar.Components;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using Nop.Plugin.Payments.StripeSidecar.Tests.Support;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

/// <summary>
/// The payment method's calls to the sidecar against contract 1.1 ("Payment calls"): each request is the contract's
/// example request (same keys, same JSON types, same values), valid under its JSON Schema, signed with the event
/// secret under the request id the contract names; each answer is read from the contract's response example.
/// </summary>
public class PaymentCallContractTests
{
    private const string EventSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private FakeHttpMessageHandler _sidecar;
    private FakeGenericAttributeService _attributes;
    private StripeSidecarPlugin _plugin;
    private SidecarClient _client;

    private static JObject Example(string name) => ContractJson.Parse(File.ReadAllText(ContractJson.Dir("payment-calls", $"{name}.json")));

    private static Guid ExampleOrderGuid(string operation) => Guid.Parse(Example($"{operation}.request").Value<string>("orderGuid"));

    [SetUp]
    public void SetUp()
    {
        _sidecar = new FakeHttpMessageHandler();
        _attributes = new FakeGenericAttributeService();
        _client = new SidecarClient(new HttpClient(_sidecar), new StripeSidecarSettings { SidecarUrl = "http://sidecar.test/", EventSecret = EventSecret });
        _plugin = new StripeSidecarPlugin(_attributes, null, null, null, null, _client);
    }

    /// <summary>The one call made: its path, its request id (verified against the signature), its body checked against the contract.</summary>
    private JObject SentCall(string operation, string requestId)
    {
        Assert.That(_sidecar.Requests, Has.Count.EqualTo(1));
        var sent = _sidecar.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(sent.Uri.ToString(), Is.EqualTo($"http://sidecar.test/bridge/payments/{operation}"));
            Assert.That(sent.ContentType, Does.StartWith("application/json"));
            Assert.That(sent.Headers["webhook-id"], Is.EqualTo(requestId));
        });
        var headers = new HeaderDictionary();
        foreach (var (name, value) in sent.Headers)
            headers[name] = value;
        Assert.That(WebhookSigner.Verify(EventSecret, sent.Body, headers), Is.Null, "signed with the event secret");
        var body = ContractJson.Parse(sent.Body);
        ContractJson.AssertValid($"payment-calls/{operation}.request.schema.json", body);
        ContractJson.AssertSameJson(body, Example($"{operation}.request"));
        return body;
    }

    private void SidecarAnswers(string operation) => _sidecar.Answer(200, Example($"{operation}.response").ToString());

    [Test]
    public void Declares_capture_refund_partial_refund_and_void_supported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_plugin.SupportCapture, Is.True);
            Assert.That(_plugin.SupportRefund, Is.True);
            Assert.That(_plugin.SupportPartiallyRefund, Is.True);
            Assert.That(_plugin.SupportVoid, Is.True);
        });
    }

    [Test]
    public void Every_example_the_tests_use_matches_its_schema()
    {
        foreach (var file in Directory.GetFiles(ContractJson.Dir("payment-calls"), "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var schema = name.StartsWith("error.", StringComparison.Ordinal) ? "error" : name;
            ContractJson.AssertValid($"payment-calls/{schema}.schema.json", ContractJson.Parse(File.ReadAllText(file)));
        }
    }

    [Test]
    public async Task Capture_sends_the_contracts_request_and_takes_the_charge_id_from_the_answer()
    {
        SidecarAnswers("capture");
        var order = new Order { OrderGuid = ExampleOrderGuid("capture") };

        var result = await _plugin.CaptureAsync(new CapturePaymentRequest { Order = order });

        SentCall("capture", $"capture:{order.OrderGuid}");
        var answer = Example("capture.response");
        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
            Assert.That(result.CaptureTransactionId, Is.EqualTo(answer.Value<string>("captureTransactionId")));
            Assert.That(result.CaptureTransactionResult, Is.EqualTo(answer.Value<string>("status")));
            Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.Paid));
        });
    }

    [Test]
    public async Task Void_sends_the_contracts_request_and_answers_Voided()
    {
        SidecarAnswers("void");
        var order = new Order { OrderGuid = ExampleOrderGuid("void") };

        var result = await _plugin.VoidAsync(new VoidPaymentRequest { Order = order });

        SentCall("void", $"void:{order.OrderGuid}");
        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.Voided));
    }

    [Test]
    public async Task A_refused_void_fails_the_admin_action_with_the_sidecars_reason()
    {
        var refused = Example("error.refused");
        _sidecar.Answer(422, refused.ToString());
        var order = new Order { OrderGuid = ExampleOrderGuid("void") };

        var result = await _plugin.VoidAsync(new VoidPaymentRequest { Order = order });

        Assert.That(result.Success, Is.False);
        Assert.That(result.Errors.Single(), Does.StartWith("The Stripe sidecar refused void (HTTP 422)"));
        Assert.That(result.Errors.Single(), Does.Contain("only an authorized payment can be voided"));
        Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.Pending), "nopCommerce leaves the order as it was");
    }

    [Test]
    public async Task Partial_refund_sends_the_contracts_request_and_records_the_refund_id()
    {
        SidecarAnswers("refund");
        var request = Example("refund.request");
        var order = new Order { Id = 7, OrderGuid = ExampleOrderGuid("refund"), RefundedAmount = 0m };

        var result = await _plugin.RefundAsync(new RefundPaymentRequest
        {
            Order = order,
            AmountToRefund = decimal.Parse(request.Value<string>("amount"), System.Globalization.CultureInfo.InvariantCulture),
            IsPartialRefund = request.Value<bool>("isPartialRefund"),
        });

        SentCall("refund", $"refund:{order.OrderGuid}:0:10.00");
        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        Assert.That(result.NewPaymentStatus, Is.EqualTo(PaymentStatus.PartiallyRefunded));
        var recorded = await _attributes.GetAttributeAsync<string>(order, StripeSidecarDefaults.RefundIdsAttribute);
        Assert.That(recorded, Is.EqualTo(Example("refund.response").Value<string>("refundId")));
    }

    [Test]
    public async Task Attach_order_sends_the_contracts_request_when_the_order_is_placed()
    {
        SidecarAnswers("attach-order");
        var example = Example("attach-order.request");
        var payment = new ProcessPaymentRequest
        {
            OrderGuid = Guid.Parse(example.Value<string>("orderGuid")),
            CustomerId = example.Value<int>("customerId"),
            StoreId = example.Value<int>("storeId"),
            OrderTotal = decimal.Parse(example.Value<string>("orderTotal"), System.Globalization.CultureInfo.InvariantCulture),
        };
        StripeSidecarPlugin.SetPaymentIntentId(payment.CustomValues, example.Value<string>("paymentIntentId"));

        var result = await _plugin.ProcessPaymentAsync(payment);

        SentCall("attach-order", $"attach:{payment.OrderGuid}");
        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        Assert.That(result.AuthorizationTransactionId, Is.EqualTo(example.Value<string>("paymentIntentId")));
    }

    [Test]
    public async Task Create_intent_sends_the_contracts_request_for_the_cart_and_renders_the_client_secret()
    {
        SidecarAnswers("create-intent");
        var example = Example("create-intent.request");
        var customer = new Customer
        {
            Id = example.Value<int>("customerId"),
            CustomerGuid = Guid.Parse(example.Value<string>("customerGuid")),
            Email = example.Value<string>("email"),
        };
        var total = decimal.Parse(example.Value<string>("amount"), System.Globalization.CultureInfo.InvariantCulture);
        var currencies = new FakeCurrencyService();
        currencies.Currencies.Add(new Currency { Id = 1, CurrencyCode = example.Value<string>("currencyCode") });
        var component = new PaymentInfoViewComponent(new CurrencySettings { PrimaryStoreCurrencyId = 1 }, currencies,
            new FixedCartTotal(total), new EmptyCart(), new FakeStoreContext { CurrentStore = new() { Id = example.Value<int>("storeId") } },
            new FixedCustomer(customer), _client, new StripeSidecarSettings { PublishableKey = "pk_test_1" });

        var view = await component.InvokeAsync();

        var requestId = $"intent:{customer.CustomerGuid}:{example.Value<int>("storeId")}:{example.Value<string>("amount")}:{example.Value<string>("currencyCode")}";
        SentCall("create-intent", requestId);
        var model = (Models.PaymentInfoModel)((Microsoft.AspNetCore.Mvc.ViewComponents.ViewViewComponentResult)view).ViewData.Model;
        Assert.That(model.ClientSecret, Is.EqualTo(Example("create-intent.response").Value<string>("clientSecret")));
    }

    private sealed class FixedCustomer(Customer customer) : IWorkContext
    {
        public Task<Customer> GetCurrentCustomerAsync() => Task.FromResult(customer);
    }

    private sealed class EmptyCart : IShoppingCartService
    {
        public Task<IList<ShoppingCartItem>> GetShoppingCartAsync(Customer customer, ShoppingCartType? shoppingCartType = null, int storeId = 0,
            int? productId = null, DateTime? createdFromUtc = null, DateTime? createdToUtc = null, int? customWishlistId = null) =>
            Task.FromResult<IList<ShoppingCartItem>>(new List<ShoppingCartItem>());

        public Task<bool> ShoppingCartIsRecurringAsync(IList<ShoppingCartItem> shoppingCart) => Task.FromResult(false);
    }

    private sealed class FixedCartTotal(decimal total) : IOrderTotalCalculationService
    {
        public Task<(decimal? shoppingCartTotal, decimal discountAmount, List<Discount> appliedDiscounts, List<AppliedGiftCard> appliedGiftCards,
            int redeemedRewardPoints, decimal redeemedRewardPointsAmount)> GetShoppingCartTotalAsync(IList<ShoppingCartItem> cart,
            bool? useRewardPoints = null, bool usePaymentMethodAdditionalFee = true) =>
            Task.FromResult<(decimal?, decimal, List<Discount>, List<AppliedGiftCard>, int, decimal)>((total, 0m, new List<Discount>(), new List<AppliedGiftCard>(), 0, 0m));
    }
}
