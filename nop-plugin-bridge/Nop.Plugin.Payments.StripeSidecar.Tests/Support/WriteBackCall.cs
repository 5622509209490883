using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Controllers;
using Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Support;

/// <summary>One answer of the write-back API: status, the body as parsed JSON, and its exact text.</summary>
public record WriteBackAnswer(int Status, JObject Body, string Text)
{
    public string ErrorCode => (string)Body["error"]?["code"];
    public string Rule => (string)Body["error"]?["rule"];
    public string Message => (string)Body["error"]?["message"];
    public JToken Order => Body["order"];

    public override string ToString() => $"{Status} {Text}";
}

/// <summary>
/// Calls the write-back controller as the sidecar would: a POST with a JSON body signed (Standard Webhooks) with the
/// write-back secret, one new controller per request, on a DefaultHttpContext.
/// </summary>
public static class WriteBackCall
{
    private static readonly Dictionary<string, Func<WriteBackController, Task<IActionResult>>> Actions = new()
    {
        ["getOrder"] = c => c.GetOrder(),
        ["markOrderAuthorized"] = c => c.MarkOrderAuthorized(),
        ["markOrderPaid"] = c => c.MarkOrderPaid(),
        ["recordRefund"] = c => c.RecordRefund(),
        ["voidOrder"] = c => c.VoidOrder(),
        ["cancelOrder"] = c => c.CancelOrder(),
        ["addOrderNote"] = c => c.AddOrderNote(),
        ["addShipment"] = c => c.AddShipment(),
        ["markShipmentDelivered"] = c => c.MarkShipmentDelivered(),
        ["setStockQuantity"] = c => c.SetStockQuantity(),
        ["updateProductPrice"] = c => c.UpdateProductPrice(),
        ["listProducts"] = c => c.ListProducts(),
        ["getCustomer"] = c => c.GetCustomer(),
        ["listCustomers"] = c => c.ListCustomers(),
        ["getReturnRequest"] = c => c.GetReturnRequest(),
        ["setReturnRequestStatus"] = c => c.SetReturnRequestStatus(),
        ["updateCustomer"] = c => c.UpdateCustomer(),
        ["getRecurringPayment"] = c => c.GetRecurringPayment(),
        ["listRecurringPayments"] = c => c.ListRecurringPayments(),
        ["processNextRecurringPayment"] = c => c.ProcessNextRecurringPayment(),
        ["markRecurringPaymentFailed"] = c => c.MarkRecurringPaymentFailed(),
        ["cancelRecurringPayment"] = c => c.CancelRecurringPayment(),
    };

    /// <param name="body">a JSON string, or an object serialized as is (anonymous types keep their names)</param>
    /// <param name="requestId">webhook-id; a new one when null</param>
    /// <param name="secret">signing secret; the configured write-back secret when null</param>
    /// <param name="signedBody">the body the signature is made over, when it should differ from the one sent</param>
    /// <param name="unsigned">send no signature headers at all</param>
    public static async Task<WriteBackAnswer> PostAsync(this FakeNopServices nop, string operation, object body, string requestId = null,
        string secret = null, DateTimeOffset? timestamp = null, string signedBody = null, bool unsigned = false)
    {
        var text = body as string ?? JsonConvert.SerializeObject(body);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(text));
        if (!unsigned)
            foreach (var (name, value) in WebhookSigner.Sign(secret ?? nop.Settings.WriteBackSecret, requestId ?? "req_" + Guid.NewGuid().ToString("N"),
                         timestamp ?? DateTimeOffset.UtcNow, signedBody ?? text))
                context.Request.Headers[name] = value;

        var controller = new WriteBackController(nop.Logger, nop.WriteBackRequests, nop.Settings, nop.WriteBack)
        {
            ControllerContext = new ControllerContext { HttpContext = context },
        };
        var result = (ContentResult)await Actions[operation](controller);
        return new WriteBackAnswer(result.StatusCode ?? 200, ContractJson.Parse(result.Content), result.Content);
    }

    /// <summary>
    /// Posts like <see cref="PostAsync"/> and asserts the call succeeded: 200, with a body valid against the operation's
    /// response schema (write-back/mark-order-paid.response.schema.json for markOrderPaid).
    /// </summary>
    public static async Task<WriteBackAnswer> PostOkAsync(this FakeNopServices nop, string operation, object body)
    {
        var answer = await nop.PostAsync(operation, body);
        Assert.That(answer.Status, Is.EqualTo(200), answer.ToString());
        var schema = string.Concat(operation.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));
        ContractJson.AssertValid($"write-back/{schema}.response.schema.json", answer.Body);
        return answer;
    }
}
