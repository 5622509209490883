using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// IOrderService over lists of orders, items and notes. Shippable items and the quantity left to ship are computed
/// from the product and shipment fakes, as nopCommerce computes them from its tables.
/// </summary>
public class FakeOrderService(FakeProductService products, FakeShipmentService shipments) : IOrderService
{
    public List<Order> Orders { get; } = new();
    public List<OrderItem> Items { get; } = new();
    public List<OrderNote> Notes { get; } = new();
    public List<RecurringPayment> RecurringPayments { get; } = new();
    public List<RecurringPaymentHistory> History { get; } = new();

    /// <summary>Raised by UpdateRecurringPaymentAsync, as nopCommerce publishes EntityUpdatedEvent&lt;RecurringPayment&gt;.</summary>
    public Func<RecurringPayment, Task> RecurringPaymentUpdated { get; set; } = _ => Task.CompletedTask;

    public Task<RecurringPayment> GetRecurringPaymentByIdAsync(int recurringPaymentId) => RecurringPayments.FindAsync(recurringPaymentId);

    /// <summary>As nopCommerce: never deleted ones, inactive ones only with showHidden, by start date then id.</summary>
    public Task<IPagedList<RecurringPayment>> SearchRecurringPaymentsAsync(int storeId = 0, int customerId = 0, int initialOrderId = 0,
        OrderStatus? initialOrderStatus = null, int pageIndex = 0, int pageSize = int.MaxValue, bool showHidden = false) =>
        Task.FromResult<IPagedList<RecurringPayment>>(new PagedList<RecurringPayment>(
            RecurringPayments.Where(rp => !rp.Deleted && (showHidden || rp.IsActive)).OrderBy(rp => rp.StartDateUtc).ThenBy(rp => rp.Id),
            pageIndex, pageSize));

    public Task UpdateRecurringPaymentAsync(RecurringPayment recurringPayment) => RecurringPaymentUpdated(recurringPayment);

    public Task<IList<RecurringPaymentHistory>> GetRecurringPaymentHistoryAsync(RecurringPayment recurringPayment) =>
        History.Where(h => h.RecurringPaymentId == recurringPayment.Id).ListAsync();

    public Task InsertRecurringPaymentHistoryAsync(RecurringPaymentHistory recurringPaymentHistory) => History.InsertAsync(recurringPaymentHistory);
    public int Updates { get; private set; }

    public Order Add(Order order, params OrderItem[] items) =>
        Orders.AddWith(order, Items, items, (item, orderId) => item.OrderId = orderId);

    public Task<Order> GetOrderByIdAsync(int orderId) => Orders.FindAsync(orderId);

    public Task<IList<OrderItem>> GetOrderItemsAsync(int orderId, bool? isNotReturnable = null, bool? isShipEnabled = null, int vendorId = 0) =>
        Items.Where(i => i.OrderId == orderId)
            .Where(i => !isShipEnabled.HasValue || (products.Products.FirstOrDefault(p => p.Id == i.ProductId)?.IsShipEnabled ?? false) == isShipEnabled.Value)
            .ListAsync();

    public Task<OrderItem> GetOrderItemByIdAsync(int orderItemId) => Items.FindAsync(orderItemId);

    public Task UpdateOrderAsync(Order order)
    {
        Updates++;
        return Task.CompletedTask;
    }

    public Task InsertOrderNoteAsync(OrderNote orderNote) => Notes.InsertAsync(orderNote);

    public Task<IList<OrderNote>> GetOrderNotesByOrderIdAsync(int orderId, bool? displayToCustomer = null) =>
        Notes.Where(n => n.OrderId == orderId && (!displayToCustomer.HasValue || n.DisplayToCustomer == displayToCustomer.Value)).ListAsync();

    /// <summary>The item's quantity less what its shipments (shipped or not) already hold.</summary>
    public Task<int> GetTotalNumberOfItemsCanBeAddedToShipmentAsync(OrderItem orderItem)
    {
        var inShipments = shipments.Items
            .Where(si => si.OrderItemId == orderItem.Id && shipments.Shipments.Any(s => s.Id == si.ShipmentId && s.OrderId == orderItem.OrderId))
            .Sum(si => si.Quantity);
        return Task.FromResult(Math.Max(0, orderItem.Quantity - inShipments));
    }
}
