using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Services.Common;
using Nop.Services.Customers;
using Nop.Services.Directory;

namespace Nop.Plugin.Payments.StripeSidecar.Services;

/// <summary>
/// updateCustomer (contract 1.2): Stripe's e-mail, name, phone and addresses written to a registered customer, as
/// the admin's customer edit saves them. Only fields present and different are saved; a customer changed since the
/// version the sidecar saw is refused (no lost update), and the customer.updated it raises carries the Stripe origin
/// (no loop).
/// </summary>
public class CustomerWriteBack
{
    private static readonly string[] AddressFields = ["billingAddress", "shippingAddress"];

    private readonly ContractMapper _mapper;
    private readonly IAddressService _addressService;
    private readonly ICountryService _countryService;
    private readonly ICustomerService _customerService;
    private readonly IStateProvinceService _stateProvinceService;

    public CustomerWriteBack(ContractMapper mapper, IAddressService addressService, ICountryService countryService,
        ICustomerService customerService, IStateProvinceService stateProvinceService)
    {
        _mapper = mapper;
        _addressService = addressService;
        _countryService = countryService;
        _customerService = customerService;
        _stateProvinceService = stateProvinceService;
    }

    public async Task<WriteBackResult> UpdateAsync(WriteBackRequestReader r)
    {
        var id = r.Id("customerId");
        var expectedVersion = r.VersionOrNull("expectedVersion");
        var stripeEventId = r.StripeOrigin("origin");
        var changes = r.Object("changes");
        var email = changes.Has("email") ? changes.Text("email", 1000) : null;
        if (email is not null && !email.Contains('@'))
            throw new InvalidWriteBackRequestException("request.changes.email: must be an e-mail address");

        var customer = await _customerService.GetCustomerByIdAsync(id);
        if (customer is null || customer.Deleted)
            return WriteBackResult.NotFound("customer", id);
        if (!await _customerService.IsRegisteredAsync(customer))
            return WriteBackResult.Refused("CustomerIsRegistered", $"customer {id} is a guest; guests are not synchronised");
        var current = await _mapper.CustomerVersionAsync(customer);
        if (expectedVersion.HasValue && expectedVersion != current)
            return WriteBackResult.Refused("CustomerVersionIsCurrent",
                $"customer {id} is at version {current?.ToString() ?? "null"}, not {expectedVersion}: read it again and merge");
        if (email is not null && await _customerService.GetCustomerByEmailAsync(email) is { } other && other.Id != id)
            return WriteBackResult.Refused("EmailIsUnique", $"another customer has the e-mail {email}");

        var changed = new List<string>();
        if (email is not null && !string.Equals(customer.Email, email, StringComparison.Ordinal))
        {
            // With e-mails as usernames (nopCommerce's default) the username follows the e-mail.
            if (string.Equals(customer.Username, customer.Email, StringComparison.OrdinalIgnoreCase))
                customer.Username = email;
            customer.Email = email;
            changed.Add("email");
        }
        SetText(changes, "firstName", customer.FirstName, v => customer.FirstName = v, changed);
        SetText(changes, "lastName", customer.LastName, v => customer.LastName = v, changed);
        SetText(changes, "phone", customer.Phone, v => customer.Phone = v, changed);
        foreach (var field in AddressFields.Where(changes.Has))
            if (await ApplyAddressAsync(customer, field, changes.Object(field, nullable: true)))
                changed.Add(field);

        if (changed.Count > 0)
            using (WriteBackOrigin.FromStripe(stripeEventId))
                await _customerService.UpdateCustomerAsync(customer);
        return WriteBackResult.Ok(new { customer = await _mapper.CustomerAsync(customer, withVersion: true), changedFields = changed });
    }

    private static void SetText(WriteBackRequestReader changes, string field, string current, Action<string> set, List<string> changed)
    {
        if (!changes.Has(field))
            return;
        var wanted = changes.TextOrNull(field);
        if (string.Equals(current, wanted, StringComparison.Ordinal))
            return;
        set(wanted);
        changed.Add(field);
    }

    /// <summary>Null removes the address from the customer; otherwise its row is edited, or a new one inserted.</summary>
    private async Task<bool> ApplyAddressAsync(Customer customer, string field, WriteBackRequestReader input)
    {
        var isBilling = field == "billingAddress";
        var addressId = isBilling ? customer.BillingAddressId : customer.ShippingAddressId;
        var existing = addressId is > 0 ? await _addressService.GetAddressByIdAsync(addressId.Value) : null;
        if (input is null)
        {
            if (existing is null)
                return false;
            if (isBilling) customer.BillingAddressId = null; else customer.ShippingAddressId = null;
            return true;
        }
        var wanted = await ReadAddressAsync(input);
        if (existing is not null && SameAddress(existing, wanted))
            return false;
        if (existing is null)
        {
            await _addressService.InsertAddressAsync(wanted);
            if (isBilling) customer.BillingAddressId = wanted.Id; else customer.ShippingAddressId = wanted.Id;
        }
        else
        {
            CopyAddress(wanted, existing);
            await _addressService.UpdateAddressAsync(existing);
        }
        return true;
    }

    private async Task<Address> ReadAddressAsync(WriteBackRequestReader a)
    {
        var countryCode = a.TextOrNull("countryCode");
        var country = countryCode is null ? null : await _countryService.GetCountryByTwoLetterIsoCodeAsync(countryCode)
            ?? throw new InvalidWriteBackRequestException($"request.changes: country {countryCode} is not in this store");
        var stateCode = a.TextOrNull("stateProvinceCode");
        var state = stateCode is null ? null : await _stateProvinceService.GetStateProvinceByAbbreviationAsync(stateCode, country?.Id);
        return new Address
        {
            FirstName = a.TextOrNull("firstName"), LastName = a.TextOrNull("lastName"), Email = a.TextOrNull("email"),
            Company = a.TextOrNull("company"), CountryId = country?.Id, StateProvinceId = state?.Id, County = a.TextOrNull("county"),
            City = a.TextOrNull("city"), Address1 = a.TextOrNull("address1"), Address2 = a.TextOrNull("address2"),
            ZipPostalCode = a.TextOrNull("zipPostalCode"), PhoneNumber = a.TextOrNull("phoneNumber"),
        };
    }

    private static bool SameAddress(Address a, Address b) =>
        (a.FirstName, a.LastName, a.Email, a.Company, a.CountryId, a.StateProvinceId, a.County, a.City, a.Address1, a.Address2, a.ZipPostalCode, a.PhoneNumber) ==
        (b.FirstName, b.LastName, b.Email, b.Company, b.CountryId, b.StateProvinceId, b.County, b.City, b.Address1, b.Address2, b.ZipPostalCode, b.PhoneNumber);

    private static void CopyAddress(Address from, Address to)
    {
        (to.FirstName, to.LastName, to.Email, to.Company, to.CountryId, to.StateProvinceId) =
            (from.FirstName, from.LastName, from.Email, from.Company, from.CountryId, from.StateProvinceId);
        (to.County, to.City, to.Address1, to.Address2, to.ZipPostalCode, to.PhoneNumber) =
            (from.County, from.City, from.Address1, from.Address2, from.ZipPostalCode, from.PhoneNumber);
    }
}
