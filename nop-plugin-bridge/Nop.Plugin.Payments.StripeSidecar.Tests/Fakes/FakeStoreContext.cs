using Nop.Core;
using Nop.Core.Domain.Stores;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>IStoreContext answering one fixed store.</summary>
public class FakeStoreContext : IStoreContext
{
    public Store CurrentStore { get; set; } = new() { Id = 1 };

    public Task<Store> GetCurrentStoreAsync() => Task.FromResult(CurrentStore);
}
