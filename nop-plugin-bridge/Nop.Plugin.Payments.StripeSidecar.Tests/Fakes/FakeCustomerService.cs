using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Services.Customers;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>ICustomerService over lists: customers, roles and the customer-role mapping.</summary>
public class FakeCustomerService : ICustomerService
{
    public List<Customer> Customers { get; } = new();
    public List<CustomerRole> Roles { get; } = new();
    private readonly List<(int CustomerId, int RoleId)> _mapping = new();

    public CustomerRole Role(string systemName)
    {
        var role = Roles.FirstOrDefault(r => r.SystemName == systemName);
        if (role is null)
            Roles.Add(role = new CustomerRole { Id = Roles.Count + 1, SystemName = systemName });
        return role;
    }

    /// <summary>Adds the customer with these roles (by system name: "Registered", "Guests", ...).</summary>
    public Customer Add(Customer customer, params string[] roleSystemNames)
    {
        Customers.Add(customer);
        foreach (var name in roleSystemNames)
            _mapping.Add((customer.Id, Role(name).Id));
        return customer;
    }

    public Task<Customer> GetCustomerByIdAsync(int customerId) => Customers.FindAsync(customerId);

    /// <summary>Raised by UpdateCustomerAsync, as nopCommerce publishes EntityUpdatedEvent&lt;Customer&gt; (FakeNopServices wires the consumers).</summary>
    public Func<Customer, Task> Updated { get; set; } = _ => Task.CompletedTask;

    public int Saves { get; private set; }

    public Task<Customer> GetCustomerByEmailAsync(string email) =>
        Task.FromResult(Customers.FirstOrDefault(c => !c.Deleted && string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)));

    public Task UpdateCustomerAsync(Customer customer)
    {
        Saves++;
        return Updated(customer);
    }

    public async Task<bool> IsRegisteredAsync(Customer customer, bool onlyActiveCustomerRoles = true) =>
        (await GetCustomerRolesAsync(customer)).Any(r => r.SystemName == NopCustomerDefaults.RegisteredRoleName);

    public Task<IList<CustomerRole>> GetCustomerRolesAsync(Customer customer, bool showHidden = false) =>
        Task.FromResult<IList<CustomerRole>>(_mapping.Where(m => m.CustomerId == customer.Id)
            .Select(m => Roles.First(r => r.Id == m.RoleId)).ToList());

    public Task<CustomerRole> GetCustomerRoleBySystemNameAsync(string systemName) =>
        Task.FromResult(Roles.FirstOrDefault(r => r.SystemName == systemName));

    public Task<IPagedList<Customer>> GetAllCustomersAsync(DateTime? createdFromUtc = null, DateTime? createdToUtc = null,
        DateTime? lastActivityFromUtc = null, DateTime? lastActivityToUtc = null, int affiliateId = 0, int vendorId = 0,
        int[] customerRoleIds = null, string email = null, string username = null, string firstName = null, string lastName = null,
        int dayOfBirth = 0, int monthOfBirth = 0, string company = null, string phone = null, string zipPostalCode = null,
        string ipAddress = null, bool? isActive = null, int pageIndex = 0, int pageSize = int.MaxValue, bool getOnlyTotalCount = false)
    {
        var query = Customers.Where(c => !c.Deleted);
        if (customerRoleIds is { Length: > 0 })
            query = query.Where(c => _mapping.Any(m => m.CustomerId == c.Id && customerRoleIds.Contains(m.RoleId)));
        if (email is not null)
            query = query.Where(c => c.Email?.Contains(email) == true);
        if (isActive.HasValue)
            query = query.Where(c => c.Active == isActive.Value);
        // nopCommerce orders customers by CreatedOnUtc descending.
        return Task.FromResult<IPagedList<Customer>>(new PagedList<Customer>(query.OrderByDescending(c => c.CreatedOnUtc), pageIndex, pageSize));
    }
}
