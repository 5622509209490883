namespace Nop.Plugin.Payments.StripeSidecar;

/// <summary>Names shared by the plugin's parts.</summary>
public static class StripeSidecarDefaults
{
    public const string SystemName = "Payments.StripeSidecar";

    /// <summary>Contract version stamped on every envelope (nop-plugin-bridge/contract).</summary>
    public const string ContractVersion = "1.3";

    /// <summary>Base path of the write-back API (attribute routes on the write-back controller).</summary>
    public const string WriteBackBasePath = "stripe-sidecar/api/v1";

    public const string ConfigurationRouteName = "Plugin.Payments.StripeSidecar.Configure";

    public const string OutboxTaskName = "Deliver events to the Stripe sidecar";
    public const string OutboxTaskType = "Nop.Plugin.Payments.StripeSidecar.Services.OutboxDeliveryTask, Nop.Plugin.Payments.StripeSidecar";
    /// <summary>The scheduler's period; the task itself drains in batches and backs off per row.</summary>
    public const int OutboxTaskSeconds = 10;

    /// <summary>GenericAttribute on Order: Stripe refund ids already recorded (PayPalCommerce keeps its refund ids the same way).</summary>
    public const string RefundIdsAttribute = "StripeSidecar.RefundIds";
    /// <summary>GenericAttribute on ReturnRequest: the last status sent, so only real status changes are forwarded.</summary>
    public const string LastReturnRequestStatusAttribute = "StripeSidecar.LastReturnRequestStatusId";
    /// <summary>GenericAttribute on Customer: version (outbox row id) and time of its latest customer event (contract 1.2).</summary>
    public const string CustomerVersionAttribute = "StripeSidecar.CustomerVersion";
    public const string CustomerUpdatedOnUtcAttribute = "StripeSidecar.CustomerUpdatedOnUtc";
    /// <summary>GenericAttribute on RecurringPayment: "invoiceId=orderId" pairs already processed, comma-separated.</summary>
    public const string PaidInvoicesAttribute = "StripeSidecar.PaidInvoices";
    /// <summary>GenericAttribute on RecurringPayment: failed attempts already recorded ("invoiceId#attempt", comma-separated).</summary>
    public const string FailedAttemptsAttribute = "StripeSidecar.FailedAttempts";
    /// <summary>Custom value on the ProcessPaymentRequest: the confirmed PaymentIntent.</summary>
    public const string PaymentIntentIdKey = "Stripe PaymentIntent";
    public const string PaymentIntentFormField = "stripe_sidecar_payment_intent";

    /// <summary>Header telling the sidecar which key signed the request (informational; the signature decides).</summary>
    public const string KeyIdHeader = "x-bridge-key-id";
}
