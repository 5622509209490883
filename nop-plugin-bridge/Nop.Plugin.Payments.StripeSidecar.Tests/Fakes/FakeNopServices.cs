using Microsoft.Extensions.DependencyInjection;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Payments.StripeSidecar.Domain;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Services.Catalog;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Logging;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Services.Shipping;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// The in-memory fakes wired together as nopCommerce's container would, plus the plugin services built on them
/// (mapper, outbox writer, event consumers, write-back service). One instance is one store's database.
/// </summary>
public class FakeNopServices
{
    public FakeNopServices()
    {
        Shipments = new FakeShipmentService();
        Products = new FakeProductService();
        Orders = new FakeOrderService(Products, Shipments);
        OrderProcessing = new FakeOrderProcessingService(Orders, Shipments);
        Currencies.Currencies.Add(new Currency { Id = 1, CurrencyCode = "USD" });
        OrderProcessing.RecurringPaymentTypeOf = Payments.GetRecurringPaymentType;
        Mapper = new ContractMapper(CurrencySettings, Addresses, Countries, Currencies, Customers, GenericAttributes, OrderProcessing, Orders,
            Payments, Products, Shipments, StateProvinces);
        OutboxWriter = new OutboxWriter(Outbox, StoreContext);
        Consumers = new EventConsumers(Mapper, Customers, GenericAttributes, Orders, OutboxWriter, Settings);
        WriteBack = new WriteBackService(Mapper, Customers, GenericAttributes, OrderProcessing, Orders, Products, ReturnRequests, Shipments,
            new CustomerWriteBack(Mapper, Addresses, Countries, Customers, StateProvinces),
            new RecurringPaymentWriteBack(Mapper, GenericAttributes, OrderProcessing, Orders));
        // nopCommerce publishes entity events from the services' updates: the consumers see them in the same call.
        Customers.Updated = c => Consumers.HandleEventAsync(new EntityUpdatedEvent<Customer>(c));
        Orders.RecurringPaymentUpdated = rp => Consumers.HandleEventAsync(new EntityUpdatedEvent<RecurringPayment>(rp));
    }

    public StripeSidecarSettings Settings { get; } = new()
    {
        SidecarUrl = "http://sidecar.test",
        KeyId = "store-key-1",
        EventSecret = "whsec_" + Convert.ToBase64String("event-secret-of-thirty-two-bytes"u8.ToArray()),
        WriteBackSecret = "whsec_" + Convert.ToBase64String("write-back-secret-thirty-two-byt"u8.ToArray()),
    };

    public CurrencySettings CurrencySettings { get; } = new() { PrimaryStoreCurrencyId = 1 };

    public FakeAddressService Addresses { get; } = new();
    public FakeCountryService Countries { get; } = new();
    public FakeStateProvinceService StateProvinces { get; } = new();
    public FakeCurrencyService Currencies { get; } = new();
    public FakeCustomerService Customers { get; } = new();
    public FakePaymentService Payments { get; } = new();
    public FakeProductService Products { get; }
    public FakeShipmentService Shipments { get; }
    public FakeOrderService Orders { get; }
    public FakeOrderProcessingService OrderProcessing { get; }
    public FakeReturnRequestService ReturnRequests { get; } = new();
    public FakeGenericAttributeService GenericAttributes { get; } = new();
    public FakeStoreContext StoreContext { get; } = new();
    public FakeLogger Logger { get; } = new();
    public InMemoryRepository<OutboxEvent> Outbox { get; } = new();
    public InMemoryRepository<WriteBackRequest> WriteBackRequests { get; } = new(r => r.RequestId);

    public ContractMapper Mapper { get; }
    public OutboxWriter OutboxWriter { get; }
    public EventConsumers Consumers { get; }
    public WriteBackService WriteBack { get; }

    /// <summary>
    /// Registers these fakes, the settings and the repositories as the nopCommerce services they stand for, so a real
    /// container (the interop tests' Kestrel host) builds the plugin's services and controllers over this store.
    /// </summary>
    public IServiceCollection AddTo(IServiceCollection services) => services
        .AddSingleton<IOrderService>(Orders)
        .AddSingleton<IOrderProcessingService>(OrderProcessing)
        .AddSingleton<ICustomerService>(Customers)
        .AddSingleton<IAddressService>(Addresses)
        .AddSingleton<ICountryService>(Countries)
        .AddSingleton<IStateProvinceService>(StateProvinces)
        .AddSingleton<ICurrencyService>(Currencies)
        .AddSingleton<IProductService>(Products)
        .AddSingleton<IPaymentService>(Payments)
        .AddSingleton<IShipmentService>(Shipments)
        .AddSingleton<IReturnRequestService>(ReturnRequests)
        .AddSingleton<IGenericAttributeService>(GenericAttributes)
        .AddSingleton<IStoreContext>(StoreContext)
        .AddSingleton<ILogger>(Logger)
        .AddSingleton<IRepository<OutboxEvent>>(Outbox)
        .AddSingleton<IRepository<WriteBackRequest>>(WriteBackRequests)
        .AddSingleton(Settings)
        .AddSingleton(CurrencySettings);
}
