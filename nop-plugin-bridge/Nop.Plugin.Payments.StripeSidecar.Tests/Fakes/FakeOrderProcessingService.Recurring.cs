using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Services.Orders;
using Nop.Services.Payments;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// The recurring-payment part of OrderProcessingService (4.90): GetNextPaymentDateAsync, GetCyclesRemainingAsync,
/// ProcessNextRecurringPaymentAsync as an Automatic payment method drives it (the result is passed in), and
/// CancelRecurringPaymentAsync. Like nopCommerce, ProcessNext throws when the payment is inactive, the method does
/// not support recurring payments or no next payment date can be calculated.
/// </summary>
public partial class FakeOrderProcessingService
{
    /// <summary>PaymentSettings.CancelRecurringPaymentsAfterFailedPayment (false as installed).</summary>
    public bool CancelRecurringPaymentsAfterFailedPayment { get; set; }

    /// <summary>IPaymentService.GetRecurringPaymentTypeAsync, by payment method system name.</summary>
    public Func<string, RecurringPaymentType> RecurringPaymentTypeOf { get; set; } = _ => RecurringPaymentType.Automatic;

    /// <summary>ILogger errors and customer notifications (workflow message template names) the processing wrote.</summary>
    public List<string> LoggedErrors { get; } = new();
    public List<string> CustomerNotifications { get; } = new();

    public async Task<DateTime?> GetNextPaymentDateAsync(RecurringPayment rp)
    {
        if (!rp.IsActive)
            return null;
        var history = (await orders.GetRecurringPaymentHistoryAsync(rp)).Count;
        if (history >= rp.TotalCycles)
            return null;
        if (history == 0)
            return rp.StartDateUtc;
        var cycles = rp.CycleLength * history;
        return (RecurringProductCyclePeriod)rp.CyclePeriodId switch
        {
            RecurringProductCyclePeriod.Days => rp.StartDateUtc.AddDays(cycles),
            RecurringProductCyclePeriod.Weeks => rp.StartDateUtc.AddDays(7 * cycles),
            RecurringProductCyclePeriod.Months => rp.StartDateUtc.AddMonths(cycles),
            RecurringProductCyclePeriod.Years => rp.StartDateUtc.AddYears(cycles),
            _ => throw new InvalidOperationException("Not supported cycle period"),
        };
    }

    public async Task<int> GetCyclesRemainingAsync(RecurringPayment rp) =>
        Math.Max(0, rp.TotalCycles - (await orders.GetRecurringPaymentHistoryAsync(rp)).Count);

    public async Task<IEnumerable<string>> ProcessNextRecurringPaymentAsync(RecurringPayment rp, ProcessPaymentResult paymentResult = null)
    {
        Begin(nameof(ProcessNextRecurringPaymentAsync));
        Require(rp.IsActive, "Recurring payment is not active");
        var initial = await orders.GetOrderByIdAsync(rp.InitialOrderId) ?? throw new InvalidOperationException("Initial order could not be loaded");
        Require(await GetNextPaymentDateAsync(rp) is not null, "Next payment date could not be calculated");
        Require(RecurringPaymentTypeOf(initial.PaymentMethodSystemName) == RecurringPaymentType.Automatic,
            "Recurring payments are not supported by selected payment method");
        var result = paymentResult ?? new ProcessPaymentResult();
        if (result.Success)
        {
            var order = CopyForNextCycle(initial, result);
            await orders.InsertRecurringPaymentHistoryAsync(new RecurringPaymentHistory { RecurringPaymentId = rp.Id, OrderId = order.Id, CreatedOnUtc = DateTime.UtcNow });
            RaisedEvents.Add($"OrderPlacedEvent {order.Id}");
            if (order.PaymentStatus == PaymentStatus.Paid)
                RaisedEvents.Add($"OrderPaidEvent {order.Id}");
            rp.LastPaymentFailed = false;
            rp.IsActive = await GetNextPaymentDateAsync(rp) is not null;
            await orders.UpdateRecurringPaymentAsync(rp);
            return [];
        }
        LoggedErrors.Add("Error while processing recurring order. " + string.Join(", ", result.Errors));
        if (result.RecurringPaymentFailed)
        {
            rp.LastPaymentFailed = true;
            await orders.UpdateRecurringPaymentAsync(rp);
            if (CancelRecurringPaymentsAfterFailedPayment)
            {
                await CancelRecurringPaymentAsync(rp);
                CustomerNotifications.Add("RecurringPaymentCancelled.CustomerNotification");
            }
            else
                CustomerNotifications.Add("RecurringPaymentFailed.CustomerNotification");
        }
        return result.Errors;
    }

    /// <summary>SaveOrderDetailsAsync for a cycle: the initial order's totals and lines, the payment result's status and ids.</summary>
    private Order CopyForNextCycle(Order initial, ProcessPaymentResult result)
    {
        var id = orders.Orders.Max(o => o.Id) + 1;
        var nextItemId = orders.Items.Count == 0 ? 1 : orders.Items.Max(i => i.Id) + 1;
        var items = orders.Items.Where(i => i.OrderId == initial.Id).Select(i => new OrderItem
        {
            Id = nextItemId++, OrderItemGuid = Guid.NewGuid(), ProductId = i.ProductId, Quantity = i.Quantity, PriceInclTax = i.PriceInclTax,
            PriceExclTax = i.PriceExclTax, UnitPriceInclTax = i.UnitPriceInclTax, UnitPriceExclTax = i.UnitPriceExclTax,
        }).ToArray();
        return orders.Add(new Order
        {
            Id = id, OrderGuid = Guid.NewGuid(), CustomOrderNumber = id.ToString(), StoreId = initial.StoreId, CustomerId = initial.CustomerId,
            BillingAddressId = initial.BillingAddressId, ShippingAddressId = initial.ShippingAddressId, OrderStatus = OrderStatus.Pending,
            PaymentStatus = result.NewPaymentStatus, ShippingStatusId = initial.ShippingStatusId == ShippingNotRequired ? ShippingNotRequired : NotYetShipped,
            PaymentMethodSystemName = initial.PaymentMethodSystemName, CustomerCurrencyCode = initial.CustomerCurrencyCode, CurrencyRate = initial.CurrencyRate,
            OrderSubtotalInclTax = initial.OrderSubtotalInclTax, OrderSubtotalExclTax = initial.OrderSubtotalExclTax, OrderTotal = initial.OrderTotal,
            CaptureTransactionId = result.CaptureTransactionId, SubscriptionTransactionId = initial.SubscriptionTransactionId,
            PaidDateUtc = result.NewPaymentStatus == PaymentStatus.Paid ? DateTime.UtcNow : null, CreatedOnUtc = DateTime.UtcNow,
        }, items);
    }

    public async Task<IList<string>> CancelRecurringPaymentAsync(RecurringPayment rp)
    {
        Begin(nameof(CancelRecurringPaymentAsync));
        rp.IsActive = false;
        await orders.UpdateRecurringPaymentAsync(rp);
        await NoteAsync(await orders.GetOrderByIdAsync(rp.InitialOrderId), "Recurring payment has been cancelled");
        return [];
    }
}
