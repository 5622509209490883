// Compile-time stand-in for the part of nopCommerce 4.90.3's Nop.Services assembly that the StripeSidecar plugin uses.
// Mirrors nopCommerce 4.90.3 (namespaces, signatures, default values, nullability, enum values) and is checked against
// the table in shared/reference/nop-plugin-build.md §5. Written by hand from that table: it is not nopCommerce code.
// Service interfaces are plain interfaces (tests write in-memory fakes); request/result DTOs are plain data classes.

using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Configuration;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Core.Domain.Shipping;
using Nop.Services.Orders;
using Nop.Services.Payments;
using Nop.Services.Plugins;

namespace Nop.Services
{
    public abstract partial class BaseNopResult
    {
        public bool Success => !Errors.Any();

        public virtual void AddError(string error) => Errors.Add(error);

        public IList<string> Errors { get; set; } = new List<string>();
    }
}

namespace Nop.Services.Plugins
{
    /// <summary>Type only (IPlugin.PluginDescriptor).</summary>
    public partial class PluginDescriptor
    {
    }

    public partial interface IPlugin
    {
        string GetConfigurationPageUrl();
        PluginDescriptor PluginDescriptor { get; set; }
        Task InstallAsync();
        Task InstallSampleDataAsync();
        Task UninstallAsync();
        Task UpdateAsync(string currentVersion, string targetVersion);
        Task PreparePluginToUninstallAsync();
    }

    public abstract partial class BasePlugin : IPlugin
    {
        public virtual string GetConfigurationPageUrl() => null;
        public virtual PluginDescriptor PluginDescriptor { get; set; }
        public virtual Task InstallAsync() => Task.CompletedTask;
        public virtual Task InstallSampleDataAsync() => Task.CompletedTask;
        public virtual Task UninstallAsync() => Task.CompletedTask;
        public virtual Task UpdateAsync(string currentVersion, string targetVersion) => Task.CompletedTask;
        public virtual Task PreparePluginToUninstallAsync() => Task.CompletedTask;
    }
}

namespace Nop.Services.Payments
{
    public enum RecurringPaymentType
    {
        NotSupported = 0,
        Manual = 10,
        Automatic = 20,
    }

    public enum PaymentMethodType
    {
        Standard = 10,
        Redirection = 15,
        Button = 20,
    }

    public partial interface IPaymentMethod : IPlugin
    {
        Task<ProcessPaymentResult> ProcessPaymentAsync(ProcessPaymentRequest processPaymentRequest);
        Task PostProcessPaymentAsync(PostProcessPaymentRequest postProcessPaymentRequest);
        Task<bool> HidePaymentMethodAsync(IList<ShoppingCartItem> cart);
        Task<decimal> GetAdditionalHandlingFeeAsync(IList<ShoppingCartItem> cart);
        Task<CapturePaymentResult> CaptureAsync(CapturePaymentRequest capturePaymentRequest);
        Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest refundPaymentRequest);
        Task<VoidPaymentResult> VoidAsync(VoidPaymentRequest voidPaymentRequest);
        Task<ProcessPaymentResult> ProcessRecurringPaymentAsync(ProcessPaymentRequest processPaymentRequest);
        Task<CancelRecurringPaymentResult> CancelRecurringPaymentAsync(CancelRecurringPaymentRequest cancelPaymentRequest);
        Task<bool> CanRePostProcessPaymentAsync(Order order);
        Task<IList<string>> ValidatePaymentFormAsync(IFormCollection form);
        Task<ProcessPaymentRequest> GetPaymentInfoAsync(IFormCollection form);
        Type GetPublicViewComponent();
        Task<string> GetPaymentMethodDescriptionAsync();
        bool SupportCapture { get; }
        bool SupportPartiallyRefund { get; }
        bool SupportRefund { get; }
        bool SupportVoid { get; }
        RecurringPaymentType RecurringPaymentType { get; }
        PaymentMethodType PaymentMethodType { get; }
        bool SkipPaymentInfo { get; }
    }

    public partial class ProcessPaymentRequest
    {
        public ProcessPaymentRequest()
        {
            OrderGuid = Guid.NewGuid();
            CustomValues = new CustomValues();
        }

        public int StoreId { get; set; }
        public int CustomerId { get; set; }
        public Guid OrderGuid { get; set; }
        public DateTime? OrderGuidGeneratedOnUtc { get; set; }
        public decimal OrderTotal { get; set; }
        public CustomValues CustomValues { get; set; }
    }

    public partial class ProcessPaymentResult : BaseNopResult
    {
        public string AuthorizationTransactionId { get; set; }
        public string CaptureTransactionId { get; set; }
        public string CaptureTransactionResult { get; set; }
        public string SubscriptionTransactionId { get; set; }
        public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
        public bool RecurringPaymentFailed { get; set; }
    }

    public partial interface IPaymentService
    {
        Task<RecurringPaymentType> GetRecurringPaymentTypeAsync(string paymentMethodSystemName);
    }

    public partial class PostProcessPaymentRequest
    {
        public Order Order { get; set; }
    }

    public partial class CapturePaymentRequest
    {
        public Order Order { get; set; }
    }

    public partial class CapturePaymentResult : BaseNopResult
    {
        public string CaptureTransactionId { get; set; }
        public string CaptureTransactionResult { get; set; }
        public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
    }

    public partial class RefundPaymentRequest
    {
        public Order Order { get; set; }
        public decimal AmountToRefund { get; set; }
        public bool IsPartialRefund { get; set; }
    }

    public partial class RefundPaymentResult : BaseNopResult
    {
        public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
    }

    public partial class VoidPaymentRequest
    {
        public Order Order { get; set; }
    }

    public partial class VoidPaymentResult : BaseNopResult
    {
        public PaymentStatus NewPaymentStatus { get; set; } = PaymentStatus.Pending;
    }

    public partial class CancelRecurringPaymentRequest
    {
        public Order Order { get; set; }
    }

    public partial class CancelRecurringPaymentResult : BaseNopResult
    {
    }
}

namespace Nop.Services.Orders
{
    /// <summary>Values 0..3, implicit.</summary>
    public enum CustomValueDisplayLocation
    {
        BillingAddress,
        ShippingAddress,
        Payment,
        Shipping,
    }

    public partial class CustomValue
    {
        public CustomValue(string name, string value, CustomValueDisplayLocation displayLocation = CustomValueDisplayLocation.Payment,
            bool displayToCustomer = true, DateTime? createdOnUtc = null)
        {
            Name = name;
            Value = value;
            DisplayLocation = displayLocation;
            DisplayToCustomer = displayToCustomer;
            CreatedOnUtc = createdOnUtc;
        }

        public string Name { get; set; }
        public string Value { get; set; }
        public bool DisplayToCustomer { get; set; }
        public CustomValueDisplayLocation DisplayLocation { get; set; }
        public DateTime? CreatedOnUtc { get; set; }
    }

    /// <summary>
    /// Behaves like 4.90's: the getter needs the name to exist; the setter replaces any value of that name with
    /// <c>new CustomValue(name, value)</c> (so DisplayToCustomer = true, DisplayLocation = Payment).
    /// </summary>
    public partial class CustomValues : List<CustomValue>
    {
        public virtual bool TryGetValue(string name, out CustomValue customValue)
        {
            customValue = this.FirstOrDefault(cv => string.Equals(cv.Name, name, StringComparison.Ordinal));
            return customValue is not null;
        }

        public virtual string this[string name]
        {
            get => this.First(cv => string.Equals(cv.Name, name, StringComparison.Ordinal)).Value;
            set
            {
                RemoveAll(cv => string.Equals(cv.Name, name, StringComparison.Ordinal));
                Add(new CustomValue(name, value));
            }
        }
    }

    /// <summary>Type only (in GetShoppingCartTotalAsync's result).</summary>
    public partial class AppliedGiftCard
    {
    }

    public partial interface IOrderService
    {
        Task<Order> GetOrderByIdAsync(int orderId);
        Task<IList<OrderItem>> GetOrderItemsAsync(int orderId, bool? isNotReturnable = null, bool? isShipEnabled = null, int vendorId = 0);
        Task<OrderItem> GetOrderItemByIdAsync(int orderItemId);
        Task UpdateOrderAsync(Order order);
        Task InsertOrderNoteAsync(OrderNote orderNote);
        Task<IList<OrderNote>> GetOrderNotesByOrderIdAsync(int orderId, bool? displayToCustomer = null);
        Task<int> GetTotalNumberOfItemsCanBeAddedToShipmentAsync(OrderItem orderItem);
        Task<RecurringPayment> GetRecurringPaymentByIdAsync(int recurringPaymentId);
        Task<IPagedList<RecurringPayment>> SearchRecurringPaymentsAsync(int storeId = 0, int customerId = 0, int initialOrderId = 0,
            OrderStatus? initialOrderStatus = null, int pageIndex = 0, int pageSize = int.MaxValue, bool showHidden = false);
        Task UpdateRecurringPaymentAsync(RecurringPayment recurringPayment);
        Task<IList<RecurringPaymentHistory>> GetRecurringPaymentHistoryAsync(RecurringPayment recurringPayment);
        Task InsertRecurringPaymentHistoryAsync(RecurringPaymentHistory recurringPaymentHistory);
    }

    public partial interface IOrderProcessingService
    {
        Task ShipAsync(Shipment shipment, bool notifyCustomer);
        Task DeliverAsync(Shipment shipment, bool notifyCustomer);
        bool CanCancelOrder(Order order);
        Task CancelOrderAsync(Order order, bool notifyCustomer);
        bool CanMarkOrderAsAuthorized(Order order);
        Task MarkAsAuthorizedAsync(Order order);
        bool CanMarkOrderAsPaid(Order order);
        Task MarkOrderAsPaidAsync(Order order);
        bool CanRefundOffline(Order order);
        Task RefundOfflineAsync(Order order);
        bool CanPartiallyRefundOffline(Order order, decimal amountToRefund);
        Task PartiallyRefundOfflineAsync(Order order, decimal amountToRefund);
        bool CanVoidOffline(Order order);
        Task VoidOfflineAsync(Order order);
        Task<IEnumerable<string>> ProcessNextRecurringPaymentAsync(RecurringPayment recurringPayment, ProcessPaymentResult paymentResult = null);
        Task<IList<string>> CancelRecurringPaymentAsync(RecurringPayment recurringPayment);
        Task<DateTime?> GetNextPaymentDateAsync(RecurringPayment recurringPayment);
        Task<int> GetCyclesRemainingAsync(RecurringPayment recurringPayment);
    }

    public partial interface IOrderTotalCalculationService
    {
        Task<(decimal? shoppingCartTotal, decimal discountAmount, List<Discount> appliedDiscounts, List<AppliedGiftCard> appliedGiftCards,
            int redeemedRewardPoints, decimal redeemedRewardPointsAmount)> GetShoppingCartTotalAsync(IList<ShoppingCartItem> cart,
            bool? useRewardPoints = null, bool usePaymentMethodAdditionalFee = true);
    }

    public partial interface IShoppingCartService
    {
        Task<IList<ShoppingCartItem>> GetShoppingCartAsync(Customer customer, ShoppingCartType? shoppingCartType = null, int storeId = 0,
            int? productId = null, DateTime? createdFromUtc = null, DateTime? createdToUtc = null, int? customWishlistId = null);
        Task<bool> ShoppingCartIsRecurringAsync(IList<ShoppingCartItem> shoppingCart);
    }

    public partial interface IReturnRequestService
    {
        Task<ReturnRequest> GetReturnRequestByIdAsync(int returnRequestId);
        Task UpdateReturnRequestAsync(ReturnRequest returnRequest);
    }
}

namespace Nop.Services.Events
{
    public partial interface IConsumer<T>
    {
        Task HandleEventAsync(T eventMessage);
    }
}

namespace Nop.Services.ScheduleTasks
{
    public partial interface IScheduleTask
    {
        Task ExecuteAsync();
    }

    public partial interface IScheduleTaskService
    {
        Task<ScheduleTask> GetTaskByTypeAsync(string type);
        Task InsertTaskAsync(ScheduleTask task);
        Task DeleteTaskAsync(ScheduleTask task);
    }
}

namespace Nop.Services.Configuration
{
    public partial interface ISettingService
    {
        Task SaveSettingAsync<T>(T settings, int storeId = 0) where T : ISettings, new();
        Task DeleteSettingAsync<T>() where T : ISettings, new();
    }
}

namespace Nop.Services.Localization
{
    /// <summary>
    /// With the sibling overloads of AddOrUpdateLocaleResourceAsync and DeleteLocaleResourcesAsync, which take part in
    /// overload resolution for the plugin's calls.
    /// </summary>
    public partial interface ILocalizationService
    {
        Task<string> GetResourceAsync(string resourceKey);
        Task AddOrUpdateLocaleResourceAsync(string resourceName, string resourceValue, string languageCulture = null);
        Task AddOrUpdateLocaleResourceAsync(IDictionary<string, string> resources, int? languageId = null);
        Task DeleteLocaleResourcesAsync(IList<string> resourceNames, int? languageId = null);
        Task DeleteLocaleResourcesAsync(string resourceNamePrefix, int? languageId = null);
    }
}

namespace Nop.Services.Common
{
    public partial interface IGenericAttributeService
    {
        Task SaveAttributeAsync<TPropType>(BaseEntity entity, string key, TPropType value, int storeId = 0);
        Task<TPropType> GetAttributeAsync<TPropType>(BaseEntity entity, string key, int storeId = 0, TPropType defaultValue = default);
    }

    public partial interface IAddressService
    {
        Task<Address> GetAddressByIdAsync(int addressId);
        Task InsertAddressAsync(Address address);
        Task UpdateAddressAsync(Address address);
    }
}

namespace Nop.Services.Directory
{
    public partial interface ICountryService
    {
        Task<Country> GetCountryByIdAsync(int countryId);
        Task<Country> GetCountryByTwoLetterIsoCodeAsync(string twoLetterIsoCode);
    }

    public partial interface IStateProvinceService
    {
        Task<StateProvince> GetStateProvinceByIdAsync(int stateProvinceId);
        Task<StateProvince> GetStateProvinceByAbbreviationAsync(string abbreviation, int? countryId = null);
    }

    public partial interface ICurrencyService
    {
        Task<Currency> GetCurrencyByIdAsync(int currencyId);
    }
}

namespace Nop.Services.Customers
{
    public partial interface ICustomerService
    {
        Task<Customer> GetCustomerByIdAsync(int customerId);
        Task<Customer> GetCustomerByEmailAsync(string email);
        Task UpdateCustomerAsync(Customer customer);
        Task<bool> IsRegisteredAsync(Customer customer, bool onlyActiveCustomerRoles = true);
        Task<IList<CustomerRole>> GetCustomerRolesAsync(Customer customer, bool showHidden = false);
        Task<CustomerRole> GetCustomerRoleBySystemNameAsync(string systemName);
        Task<IPagedList<Customer>> GetAllCustomersAsync(DateTime? createdFromUtc = null, DateTime? createdToUtc = null,
            DateTime? lastActivityFromUtc = null, DateTime? lastActivityToUtc = null, int affiliateId = 0, int vendorId = 0,
            int[] customerRoleIds = null, string email = null, string username = null, string firstName = null, string lastName = null,
            int dayOfBirth = 0, int monthOfBirth = 0, string company = null, string phone = null, string zipPostalCode = null,
            string ipAddress = null, bool? isActive = null, int pageIndex = 0, int pageSize = int.MaxValue, bool getOnlyTotalCount = false);
    }
}

namespace Nop.Services.Catalog
{
    public partial interface IProductService
    {
        Task<Product> GetProductByIdAsync(int productId);
        Task UpdateProductAsync(Product product);
        Task AdjustInventoryAsync(Product product, int quantityToChange, string attributesXml = "", string message = "");
        Task<IPagedList<Product>> SearchProductsAsync(int pageIndex = 0, int pageSize = int.MaxValue, IList<int> categoryIds = null,
            IList<int> manufacturerIds = null, int storeId = 0, int vendorId = 0, int warehouseId = 0, ProductType? productType = null,
            bool visibleIndividuallyOnly = false, bool excludeFeaturedProducts = false, decimal? priceMin = null, decimal? priceMax = null,
            int productTagId = 0, string keywords = null, bool searchDescriptions = false, bool searchManufacturerPartNumber = true,
            bool searchSku = true, bool searchProductTags = false, int languageId = 0, IList<SpecificationAttributeOption> filteredSpecOptions = null,
            ProductSortingEnum orderBy = ProductSortingEnum.Position, bool showHidden = false, bool? overridePublished = null);
    }
}

namespace Nop.Services.Shipping
{
    public partial interface IShipmentService
    {
        Task<Shipment> GetShipmentByIdAsync(int shipmentId);
        Task<IList<Shipment>> GetShipmentsByOrderIdAsync(int orderId, bool? shipped = null, bool? readyForPickup = null, int vendorId = 0);
        Task InsertShipmentAsync(Shipment shipment);
        Task<IList<ShipmentItem>> GetShipmentItemsByShipmentIdAsync(int shipmentId);
        Task InsertShipmentItemAsync(ShipmentItem shipmentItem);
    }
}

namespace Nop.Services.Logging
{
    public partial interface ILogger
    {
        Task WarningAsync(string message, Exception exception = null, Customer customer = null);
        Task ErrorAsync(string message, Exception exception = null, Customer customer = null);
    }
}

namespace Nop.Services.Messages
{
    public partial interface INotificationService
    {
        void SuccessNotification(string message, bool encode = true, int timeout = 0);
    }
}

namespace Nop.Services.Security
{
    public partial class StandardPermission
    {
        public partial class Configuration
        {
            public const string MANAGE_PAYMENT_METHODS = "Configuration.ManagePaymentMethods";
        }
    }
}
