using Nop.Plugin.Payments.StripeSidecar.Contract;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests;

public class DecimalFormatTests
{
    [TestCase("12.5", "12.50")]
    [TestCase("123.4500", "123.45")]
    [TestCase("0", "0.00")]
    [TestCase("1200", "1200.00")]
    [TestCase("1.23456", "1.23456")]
    [TestCase("0.0001", "0.0001")]
    public void Writes_contract_decimal_strings(string input, string expected)
    {
        var value = decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(DecimalFormat.ToWire(value), Is.EqualTo(expected));
    }

    [Test]
    public void Does_not_depend_on_the_thread_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.That(DecimalFormat.ToWire(1234.5m), Is.EqualTo("1234.50"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Test]
    public void Refuses_negative_amounts() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalFormat.ToWire(-0.01m));

    [TestCase("12.50", true)]
    [TestCase("0", true)]
    [TestCase("1,5", false)]
    [TestCase("-1.00", false)]
    [TestCase("1e3", false)]
    [TestCase("01.00", false)]
    [TestCase("", false)]
    public void Parses_only_contract_decimal_strings(string text, bool ok) =>
        Assert.That(DecimalFormat.TryParse(text, out _), Is.EqualTo(ok));
}
