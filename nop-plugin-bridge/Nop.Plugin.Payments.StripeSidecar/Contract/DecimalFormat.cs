using System.Globalization;

namespace Nop.Plugin.Payments.StripeSidecar.Contract;

/// <summary>
/// Money on the wire is a decimal string ("123.45"): invariant culture, never a JSON number, never an exponent.
/// </summary>
public static class DecimalFormat
{
    /// <summary>"12.5000" from the database becomes "12.50": at least two decimals, no trailing zeros beyond.</summary>
    public static string ToWire(decimal value)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "contract decimals are non-negative");
        var text = value.ToString("0.##########", CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.');
        if (dot < 0)
            return text + ".00";
        return text.Length - dot - 1 < 2 ? text.PadRight(dot + 3, '0') : text;
    }

    public static string ToWire(decimal? value) => value.HasValue ? ToWire(value.Value) : null;

    /// <summary>Parses a contract decimal string; false for anything else (numbers with commas, exponents, signs).</summary>
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || !System.Text.RegularExpressions.Regex.IsMatch(text, @"^(0|[1-9][0-9]{0,17})(\.[0-9]{1,10})?$"))
            return false;
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
