using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nop.Data;
using Nop.Plugin.Payments.StripeSidecar.Contract;
using Nop.Plugin.Payments.StripeSidecar.Domain;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Services.Logging;

namespace Nop.Plugin.Payments.StripeSidecar.Controllers;

/// <summary>
/// The write-back API (contract/write-back-api.json). Every call: verify the Standard Webhooks signature (401),
/// parse (400) and read the fields (422), replay a write already answered under the same request id, run it,
/// keep the answer. A plain Controller, like the stock plugins' webhook endpoints: no antiforgery, no session.
/// </summary>
[Route(StripeSidecarDefaults.WriteBackBasePath)]
public class WriteBackController : Controller
{
    private static readonly TimeSpan KeepAnswers = TimeSpan.FromHours(24);

    private readonly ILogger _logger;
    private readonly IRepository<WriteBackRequest> _requests;
    private readonly StripeSidecarSettings _settings;
    private readonly WriteBackService _service;

    public WriteBackController(ILogger logger, IRepository<WriteBackRequest> requests, StripeSidecarSettings settings, WriteBackService service)
    {
        _logger = logger;
        _requests = requests;
        _settings = settings;
        _service = service;
    }

    [HttpPost("orders/get")] public Task<IActionResult> GetOrder() => HandleAsync("getOrder");
    [HttpPost("orders/mark-authorized")] public Task<IActionResult> MarkOrderAuthorized() => HandleAsync("markOrderAuthorized");
    [HttpPost("orders/mark-paid")] public Task<IActionResult> MarkOrderPaid() => HandleAsync("markOrderPaid");
    [HttpPost("orders/record-refund")] public Task<IActionResult> RecordRefund() => HandleAsync("recordRefund");
    [HttpPost("orders/void")] public Task<IActionResult> VoidOrder() => HandleAsync("voidOrder");
    [HttpPost("orders/cancel")] public Task<IActionResult> CancelOrder() => HandleAsync("cancelOrder");
    [HttpPost("orders/add-note")] public Task<IActionResult> AddOrderNote() => HandleAsync("addOrderNote");
    [HttpPost("shipments/add")] public Task<IActionResult> AddShipment() => HandleAsync("addShipment");
    [HttpPost("shipments/mark-delivered")] public Task<IActionResult> MarkShipmentDelivered() => HandleAsync("markShipmentDelivered");
    [HttpPost("products/set-stock-quantity")] public Task<IActionResult> SetStockQuantity() => HandleAsync("setStockQuantity");
    [HttpPost("products/update-price")] public Task<IActionResult> UpdateProductPrice() => HandleAsync("updateProductPrice");
    [HttpPost("products/list")] public Task<IActionResult> ListProducts() => HandleAsync("listProducts");
    [HttpPost("customers/get")] public Task<IActionResult> GetCustomer() => HandleAsync("getCustomer");
    [HttpPost("customers/list")] public Task<IActionResult> ListCustomers() => HandleAsync("listCustomers");
    [HttpPost("return-requests/get")] public Task<IActionResult> GetReturnRequest() => HandleAsync("getReturnRequest");
    [HttpPost("return-requests/set-status")] public Task<IActionResult> SetReturnRequestStatus() => HandleAsync("setReturnRequestStatus");
    [HttpPost("customers/update")] public Task<IActionResult> UpdateCustomer() => HandleAsync("updateCustomer");
    [HttpPost("recurring-payments/get")] public Task<IActionResult> GetRecurringPayment() => HandleAsync("getRecurringPayment");
    [HttpPost("recurring-payments/list")] public Task<IActionResult> ListRecurringPayments() => HandleAsync("listRecurringPayments");
    [HttpPost("recurring-payments/process-next")] public Task<IActionResult> ProcessNextRecurringPayment() => HandleAsync("processNextRecurringPayment");
    [HttpPost("recurring-payments/mark-failed")] public Task<IActionResult> MarkRecurringPaymentFailed() => HandleAsync("markRecurringPaymentFailed");
    [HttpPost("recurring-payments/cancel")] public Task<IActionResult> CancelRecurringPayment() => HandleAsync("cancelRecurringPayment");

    private static ContentResult Json(WriteBackResult result) =>
        Json(result.Status, JsonConvert.SerializeObject(result.Body, BridgeEnvelope.JsonSettings));

    private static ContentResult Json(int status, string json) =>
        new() { StatusCode = status, Content = json, ContentType = "application/json" };

    private async Task<IActionResult> HandleAsync(string operation)
    {
        using var reader = new StreamReader(Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var problem = WebhookSigner.Verify(_settings.WriteBackSecret, body, Request.Headers);
        if (problem is not null)
            return Json(WriteBackResult.Error(401, "unauthorized", problem));

        JObject json;
        try
        {
            json = JObject.Parse(body);
        }
        catch (JsonReaderException ex)
        {
            return Json(WriteBackResult.Error(400, "invalid_json", $"body is not a JSON object: {ex.Message}"));
        }

        var requestId = Request.Headers[WebhookSigner.IdHeader].ToString();
        var isWrite = WriteBackService.IsWrite[operation];
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{body}")));
        WriteBackRequest claim = null;
        if (isWrite)
        {
            var (replay, claimed) = await ClaimAsync(requestId, operation, fingerprint);
            if (replay is not null)
                return replay;
            claim = claimed;
        }

        WriteBackResult result;
        try
        {
            result = await _service.RunAsync(operation, json);
        }
        catch (InvalidWriteBackRequestException ex)
        {
            result = WriteBackResult.Invalid(ex.Message);
        }
        catch (Exception ex)
        {
            await _logger.ErrorAsync($"Stripe sidecar write-back {operation} failed", ex);
            result = WriteBackResult.Error(500, "internal_error", ex.Message);
        }

        var answer = Json(result);
        if (claim is not null)
            await FinishAsync(claim, result.Status, answer.Content);
        return answer;
    }

    /// <summary>
    /// Inserts the request id first (unique column): a second call with the same id gets the stored answer, a
    /// 503 while the first still runs, or 422 when its body differs.
    /// </summary>
    private async Task<(IActionResult Replay, WriteBackRequest Claim)> ClaimAsync(string requestId, string operation, string fingerprint)
    {
        var existing = _requests.Table.FirstOrDefault(r => r.RequestId == requestId);
        if (existing is null)
        {
            var claim = new WriteBackRequest { RequestId = requestId, Operation = operation, Fingerprint = fingerprint, CreatedOnUtc = DateTime.UtcNow };
            try
            {
                await _requests.InsertAsync(claim, publishEvent: false);
                return (null, claim);
            }
            catch (Exception)
            {
                // Lost the race to a concurrent call with the same id: answer as below.
                existing = _requests.Table.FirstOrDefault(r => r.RequestId == requestId);
                if (existing is null)
                    throw;
            }
        }
        if (existing.Fingerprint != fingerprint)
            return (Json(WriteBackResult.Error(422, "idempotency_key_reused", $"request id {requestId} was used for a different request")), null);
        if (existing.StatusCode == 0)
            return (Json(WriteBackResult.Error(503, "unavailable", $"request {requestId} is still running; retry")), null);
        return (Json(existing.StatusCode, existing.ResponseJson), null);
    }

    /// <summary>Keeps final answers; forgets 5xx so a retry runs again. Old answers are pruned here, cheaply.</summary>
    private async Task FinishAsync(WriteBackRequest claim, int status, string json)
    {
        if (status >= 500)
        {
            await _requests.DeleteAsync(claim, publishEvent: false);
            return;
        }
        claim.StatusCode = status;
        claim.ResponseJson = json;
        await _requests.UpdateAsync(claim, publishEvent: false);
        var cutoff = DateTime.UtcNow - KeepAnswers;
        await _requests.DeleteAsync(r => r.CreatedOnUtc < cutoff && r.StatusCode != 0);
    }
}
