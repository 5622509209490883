using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Services.Common;
using Nop.Services.Orders;
using Nop.Services.Payments;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>
/// The recurring-payment write-backs (contract 1.2). Stripe bills; the plugin is an Automatic payment method and
/// reports each result to ProcessNextRecurringPaymentAsync, as PayPal Standard's IPN does: the first report for a
/// payment with no history is the initial order's own cycle. Each Stripe invoice (and each failed attempt) applies
/// once: the ids are kept on the recurring payment.
/// </summary>
public class RecurringPaymentWriteBack
{
    private readonly ContractMapper _mapper;
    private readonly IGenericAttributeService _genericAttributeService;
    private readonly IOrderProcessingService _orderProcessingService;
    private readonly IOrderService _orderService;

    public RecurringPaymentWriteBack(ContractMapper mapper, IGenericAttributeService genericAttributeService,
        IOrderProcessingService orderProcessingService, IOrderService orderService)
    {
        _mapper = mapper;
        _genericAttributeService = genericAttributeService;
        _orderProcessingService = orderProcessingService;
        _orderService = orderService;
    }

    private async Task<(RecurringPayment Payment, WriteBackResult Missing)> FindAsync(WriteBackRequestReader r)
    {
        var id = r.Id("recurringPaymentId");
        var rp = await _orderService.GetRecurringPaymentByIdAsync(id);
        return rp is null || rp.Deleted ? (null, WriteBackResult.NotFound("recurring payment", id)) : (rp, null);
    }

    private async Task<Dictionary<string, object>> AnswerAsync(RecurringPayment rp, params (string Key, object Value)[] extra)
    {
        var answer = new Dictionary<string, object>
        {
            ["recurringPayment"] = await _mapper.RecurringPaymentAsync(rp),
            ["history"] = (await _orderService.GetRecurringPaymentHistoryAsync(rp))
                .Select(h => new { id = h.Id, orderId = h.OrderId, createdOnUtc = h.CreatedOnUtc }).ToList(),
        };
        foreach (var (key, value) in extra)
            answer[key] = value;
        return answer;
    }

    public async Task<WriteBackResult> GetAsync(WriteBackRequestReader r)
    {
        var (rp, missing) = await FindAsync(r);
        return missing ?? WriteBackResult.Ok(await AnswerAsync(rp));
    }

    /// <summary>Contract 1.3: every recurring payment but deleted ones (cancelled too: showHidden), a page at a time.</summary>
    public async Task<WriteBackResult> ListAsync(WriteBackRequestReader r)
    {
        var pageIndex = r.Int("pageIndex", 0);
        var pageSize = r.Int("pageSize", 1, 500);
        var page = await _orderService.SearchRecurringPaymentsAsync(pageIndex: pageIndex, pageSize: pageSize, showHidden: true);
        var items = new List<object>();
        foreach (var rp in page)
            items.Add(await AnswerAsync(rp));
        return WriteBackResult.Ok(new { items, pageIndex, pageSize, totalCount = page.TotalCount });
    }

    /// <summary>The checks ProcessNextRecurringPaymentAsync makes (it throws for them), answered as rules.</summary>
    private async Task<WriteBackResult> RefusalAsync(RecurringPayment rp)
    {
        if (!rp.IsActive)
            return WriteBackResult.Refused("RecurringPaymentIsActive", $"recurring payment {rp.Id} is not active");
        var initial = await _orderService.GetOrderByIdAsync(rp.InitialOrderId);
        if (await _mapper.RecurringPaymentTypeAsync(initial) != RecurringPaymentType.Automatic)
            return WriteBackResult.Refused("RecurringPaymentTypeIsAutomatic",
                $"recurring payment {rp.Id} was paid with {initial?.PaymentMethodSystemName}, which nopCommerce bills itself or not at all");
        if (await _orderProcessingService.GetNextPaymentDateAsync(rp) is null)
            return WriteBackResult.Refused("HasNextPaymentDate", $"recurring payment {rp.Id} has no cycle left ({rp.TotalCycles} in all)");
        return null;
    }

    public async Task<WriteBackResult> ProcessNextAsync(WriteBackRequestReader r)
    {
        var (rp, missing) = await FindAsync(r);
        var invoiceId = r.Text("invoiceId", 255);
        var captureId = r.Text("captureTransactionId", 400);
        if (missing is not null)
            return missing;
        var paid = await ListAsync(rp, StripeSidecarDefaults.PaidInvoicesAttribute);
        var known = paid.Select(p => p.Split('=')).FirstOrDefault(p => p[0] == invoiceId);
        if (known is not null)
            return await OrderAnswerAsync(rp, int.Parse(known[1]), alreadyApplied: true);
        if (await RefusalAsync(rp) is { } refusal)
            return refusal;

        var history = await _orderService.GetRecurringPaymentHistoryAsync(rp);
        int orderId;
        if (history.Count == 0)
        {
            // The initial order paid the first cycle at checkout: record it, make no new order.
            orderId = rp.InitialOrderId;
            await _orderService.InsertRecurringPaymentHistoryAsync(new RecurringPaymentHistory
            {
                RecurringPaymentId = rp.Id, OrderId = orderId, CreatedOnUtc = DateTime.UtcNow,
            });
        }
        else
        {
            var errors = (await _orderProcessingService.ProcessNextRecurringPaymentAsync(rp,
                new ProcessPaymentResult { NewPaymentStatus = PaymentStatus.Paid, CaptureTransactionId = captureId })).ToList();
            if (errors.Count > 0)
                return WriteBackResult.Refused("ProcessNextRecurringPayment", string.Join("; ", errors));
            orderId = (await _orderService.GetRecurringPaymentHistoryAsync(rp)).OrderBy(h => h.Id).Last().OrderId;
        }
        await SaveListAsync(rp, StripeSidecarDefaults.PaidInvoicesAttribute, paid.Append($"{invoiceId}={orderId}"));
        return await OrderAnswerAsync(rp, orderId, alreadyApplied: false);
    }

    private async Task<WriteBackResult> OrderAnswerAsync(RecurringPayment rp, int orderId, bool alreadyApplied) =>
        WriteBackResult.Ok(await AnswerAsync(rp,
            ("order", await _mapper.OrderDetailAsync(await _orderService.GetOrderByIdAsync(orderId))),
            ("alreadyApplied", alreadyApplied)));

    public async Task<WriteBackResult> MarkFailedAsync(WriteBackRequestReader r)
    {
        var (rp, missing) = await FindAsync(r);
        var invoiceId = r.Text("invoiceId", 255);
        var attemptCount = r.Int("attemptCount", 1, 1000);
        var error = r.Text("error", 4000);
        if (missing is not null)
            return missing;
        var attempts = await ListAsync(rp, StripeSidecarDefaults.FailedAttemptsAttribute);
        var attempt = $"{invoiceId}#{attemptCount}";
        if (attempts.Contains(attempt))
            return WriteBackResult.Ok(await AnswerAsync(rp, ("alreadyApplied", true), ("cancelled", !rp.IsActive)));
        if (await RefusalAsync(rp) is { } refusal)
            return refusal;

        var failed = new ProcessPaymentResult { RecurringPaymentFailed = true };
        failed.AddError(error);
        // Returns the result's errors: expected here. nopCommerce logs them, sets LastPaymentFailed and tells the customer.
        await _orderProcessingService.ProcessNextRecurringPaymentAsync(rp, failed);
        await SaveListAsync(rp, StripeSidecarDefaults.FailedAttemptsAttribute, attempts.Append(attempt));
        return WriteBackResult.Ok(await AnswerAsync(rp, ("alreadyApplied", false), ("cancelled", !rp.IsActive)));
    }

    public async Task<WriteBackResult> CancelAsync(WriteBackRequestReader r)
    {
        var (rp, missing) = await FindAsync(r);
        var stripeEventId = r.StripeOrigin("origin");
        if (missing is not null)
            return missing;
        if (!rp.IsActive)
            return WriteBackResult.Ok(await AnswerAsync(rp, ("alreadyCancelled", true)));
        IList<string> errors;
        // The plugin's own CancelRecurringPaymentAsync does nothing: the sidecar learns of it from the event.
        using (WriteBackOrigin.FromStripe(stripeEventId))
            errors = await _orderProcessingService.CancelRecurringPaymentAsync(rp);
        if (errors.Count > 0)
            return WriteBackResult.Refused("CancelRecurringPayment", string.Join("; ", errors));
        return WriteBackResult.Ok(await AnswerAsync(rp, ("alreadyCancelled", false)));
    }

    private async Task<List<string>> ListAsync(RecurringPayment rp, string attribute) =>
        ((await _genericAttributeService.GetAttributeAsync<string>(rp, attribute)) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();

    private Task SaveListAsync(RecurringPayment rp, string attribute, IEnumerable<string> values) =>
        _genericAttributeService.SaveAttributeAsync(rp, attribute, string.Join(',', values));
}
