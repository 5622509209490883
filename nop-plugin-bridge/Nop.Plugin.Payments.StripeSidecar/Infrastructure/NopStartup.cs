using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Infrastructure;
using Nop.Plugin.Payments.StripeSidecar.Services;
using Nop.Web.Framework.Infrastructure.Extensions;

namespace Nop.Plugin.Payments.StripeSidecar.Infrastructure;

/// <summary>Registers the plugin's services (consumers, the task and the controllers are found by nopCommerce itself).</summary>
public class NopStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient<SidecarClient>().WithProxy();
        services.AddScoped<ContractMapper>();
        services.AddScoped<OutboxWriter>();
        services.AddScoped<CustomerWriteBack>();
        services.AddScoped<RecurringPaymentWriteBack>();
        services.AddScoped<WriteBackService>();
    }

    public void Configure(IApplicationBuilder application)
    {
    }

    public int Order => 3000;
}
