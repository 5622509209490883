using Nop.Core.Domain.Orders;
using Nop.Services.Orders;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>IReturnRequestService over a list.</summary>
public class FakeReturnRequestService : IReturnRequestService
{
    public List<ReturnRequest> ReturnRequests { get; } = new();
    public int Updates { get; private set; }

    public ReturnRequest Add(ReturnRequest returnRequest)
    {
        ReturnRequests.Add(returnRequest);
        return returnRequest;
    }

    public Task<ReturnRequest> GetReturnRequestByIdAsync(int returnRequestId) => ReturnRequests.FindAsync(returnRequestId);

    public Task UpdateReturnRequestAsync(ReturnRequest returnRequest)
    {
        Updates++;
        return Task.CompletedTask;
    }
}
