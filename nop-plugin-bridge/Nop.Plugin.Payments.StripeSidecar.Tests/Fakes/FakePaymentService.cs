using Nop.Services.Payments;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>
/// IPaymentService.GetRecurringPaymentTypeAsync as the store's plugins declare it: this plugin Automatic, the stock
/// Manual plugin Manual, the others NotSupported.
/// </summary>
public class FakePaymentService : IPaymentService
{
    public RecurringPaymentType GetRecurringPaymentType(string paymentMethodSystemName) => paymentMethodSystemName switch
    {
        StripeSidecarDefaults.SystemName => RecurringPaymentType.Automatic,
        "Payments.Manual" => RecurringPaymentType.Manual,
        _ => RecurringPaymentType.NotSupported,
    };

    public Task<RecurringPaymentType> GetRecurringPaymentTypeAsync(string paymentMethodSystemName) =>
        Task.FromResult(GetRecurringPaymentType(paymentMethodSystemName));
}
