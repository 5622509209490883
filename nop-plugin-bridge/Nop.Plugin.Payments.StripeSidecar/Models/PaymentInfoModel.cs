namespace Nop.Plugin.Payments.StripeSidecar.Models;

public record PaymentInfoModel(string PublishableKey, string ClientSecret, string Error);
