using Nop.Core.Domain.Common;
using Nop.Core.Domain.Directory;
using Nop.Services.Common;
using Nop.Services.Directory;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Fakes;

/// <summary>IAddressService over a list.</summary>
public class FakeAddressService : IAddressService
{
    public List<Address> Addresses { get; } = new();

    public Address Add(Address address)
    {
        Addresses.Add(address);
        return address;
    }

    public Task<Address> GetAddressByIdAsync(int addressId) => Addresses.FindAsync(addressId);

    public Task InsertAddressAsync(Address address) => Addresses.InsertAsync(address);

    public Task UpdateAddressAsync(Address address) => Task.CompletedTask;
}

/// <summary>ICountryService over a list.</summary>
public class FakeCountryService : ICountryService
{
    public List<Country> Countries { get; } = new();

    /// <summary>The country with this ISO code, added with the next id if new.</summary>
    public Country Ensure(string twoLetterIsoCode)
    {
        var country = Countries.FirstOrDefault(c => c.TwoLetterIsoCode == twoLetterIsoCode);
        if (country is null)
            Countries.Add(country = new Country { Id = Countries.Count + 1, TwoLetterIsoCode = twoLetterIsoCode });
        return country;
    }

    public Task<Country> GetCountryByIdAsync(int countryId) => Countries.FindAsync(countryId);

    public Task<Country> GetCountryByTwoLetterIsoCodeAsync(string twoLetterIsoCode) =>
        Task.FromResult(Countries.FirstOrDefault(c => string.Equals(c.TwoLetterIsoCode, twoLetterIsoCode, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>IStateProvinceService over a list.</summary>
public class FakeStateProvinceService : IStateProvinceService
{
    public List<StateProvince> StateProvinces { get; } = new();

    /// <summary>The state with this abbreviation, added with the next id if new.</summary>
    public StateProvince Ensure(string abbreviation)
    {
        var state = StateProvinces.FirstOrDefault(s => s.Abbreviation == abbreviation);
        if (state is null)
            StateProvinces.Add(state = new StateProvince { Id = StateProvinces.Count + 1, Abbreviation = abbreviation });
        return state;
    }

    public Task<StateProvince> GetStateProvinceByIdAsync(int stateProvinceId) => StateProvinces.FindAsync(stateProvinceId);

    public Task<StateProvince> GetStateProvinceByAbbreviationAsync(string abbreviation, int? countryId = null) =>
        Task.FromResult(StateProvinces.FirstOrDefault(s => string.Equals(s.Abbreviation, abbreviation, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>ICurrencyService over a list.</summary>
public class FakeCurrencyService : ICurrencyService
{
    public List<Currency> Currencies { get; } = new();

    public Task<Currency> GetCurrencyByIdAsync(int currencyId) => Currencies.FindAsync(currencyId);
}
