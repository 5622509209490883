using Nop.Core.Domain.Orders;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// IOrderService over lists of orders, items and notes. Shippable items and the quantity left to ship are computed
/// from the product and shipment fakes, as nopCommerce computes them from its tables.
/// </summary>
public class FakeOrderService : IOrderService
{
    private readonly FakeProductService _products;
    private readonly FakeShipmentService _shipments;

    public FakeOrderService(FakeProductService products, FakeShipmentService shipments)
    {
        _products = products;
        _shipments = shipments;
    }

    public List<Order> Orders { get; } = new();
    public List<OrderItem> Items { get; } = new();
    public List<OrderNote> Notes { get; } = new();
    public int Updates { get; private set; }

    public Order Add(Order order, params OrderItem[] items)
    {
        Orders.Add(order);
        foreach (var item in items)
        {
            item.OrderId = order.Id;
            Items.Add(item);
        }
        return order;
    }

    public Task<Order> GetOrderByIdAsync(int orderId) => Task.FromResult(Orders.FirstOrDefault(o => o.Id == orderId));

    public Task<IList<OrderItem>> GetOrderItemsAsync(int orderId, bool? isNotReturnable = null, bool? isShipEnabled = null, int vendorId = 0) =>
        Task.FromResult<IList<OrderItem>>(Items
            .Where(i => i.OrderId == orderId)
            .Where(i => !isShipEnabled.HasValue || (_products.Products.FirstOrDefault(p => p.Id == i.ProductId)?.IsShipEnabled ?? false) == isShipEnabled.Value)
            .OrderBy(i => i.Id).ToList());

    public Task<OrderItem> GetOrderItemByIdAsync(int orderItemId) => Task.FromResult(Items.FirstOrDefault(i => i.Id == orderItemId));

    public Task UpdateOrderAsync(Order order)
    {
        Updates++;
        return Task.CompletedTask;
    }

    public Task InsertOrderNoteAsync(OrderNote orderNote)
    {
        orderNote.Id = Notes.Count + 1;
        Notes.Add(orderNote);
        return Task.CompletedTask;
    }

    public Task<IList<OrderNote>> GetOrderNotesByOrderIdAsync(int orderId, bool? displayToCustomer = null) =>
        Task.FromResult<IList<OrderNote>>(Notes
            .Where(n => n.OrderId == orderId && (!displayToCustomer.HasValue || n.DisplayToCustomer == displayToCustomer.Value))
            .OrderBy(n => n.Id).ToList());

    /// <summary>The item's quantity less what its shipments (shipped or not) already hold.</summary>
    public Task<int> GetTotalNumberOfItemsCanBeAddedToShipmentAsync(OrderItem orderItem)
    {
        var inShipments = _shipments.Items
            .Where(si => si.OrderItemId == orderItem.Id && _shipments.Shipments.Any(s => s.Id == si.ShipmentId && s.OrderId == orderItem.OrderId))
            .Sum(si => si.Quantity);
        return Task.FromResult(Math.Max(0, orderItem.Quantity - inShipments));
    }
}
