using System.Text.Json;
using Json.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Nop.Plugin.Payments.StripeSidecar.Tests.Support;

/// <summary>The contract's files (copied next to the tests) and strict JSON comparison / JSON Schema validation.</summary>
public static class ContractJson
{
    public static string Dir(params string[] parts) =>
        Path.Combine(new[] { TestContext.CurrentContext.TestDirectory, "contract" }.Concat(parts).ToArray());

    /// <summary>Parses without turning date strings into DateTime, so the exact text is compared.</summary>
    public static JObject Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JObject.Load(reader);
    }

    public static JObject ExampleEvent(string type) => Parse(File.ReadAllText(Dir("events", $"{type}.json")));

    public static IEnumerable<string> ExampleEventTypes() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "contract", "events"), "*.json")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

    /// <summary>
    /// Differences between two JSON trees: missing or extra keys, another JSON type (a decimal sent as a number, an
    /// id as a string), another value, another array length. Empty when they are the same.
    /// </summary>
    public static List<string> Differences(JToken actual, JToken expected, string path = "$")
    {
        var diffs = new List<string>();
        Compare(actual, expected, path, diffs);
        return diffs;
    }

    private static void Compare(JToken actual, JToken expected, string path, List<string> diffs)
    {
        if (actual.Type != expected.Type)
        {
            diffs.Add($"{path}: {actual.Type} {actual.ToString(Formatting.None)}, expected {expected.Type} {expected.ToString(Formatting.None)}");
            return;
        }
        switch (expected)
        {
            case JObject e:
                var a = (JObject)actual;
                foreach (var missing in e.Properties().Select(p => p.Name).Except(a.Properties().Select(p => p.Name)))
                    diffs.Add($"{path}.{missing}: missing");
                foreach (var extra in a.Properties().Select(p => p.Name).Except(e.Properties().Select(p => p.Name)))
                    diffs.Add($"{path}.{extra}: not in the contract");
                foreach (var p in e.Properties().Where(p => a.ContainsKey(p.Name)))
                    Compare(a[p.Name]!, p.Value, $"{path}.{p.Name}", diffs);
                break;
            case JArray e:
                var arr = (JArray)actual;
                if (arr.Count != e.Count)
                    diffs.Add($"{path}: {arr.Count} elements, expected {e.Count}");
                for (var i = 0; i < Math.Min(arr.Count, e.Count); i++)
                    Compare(arr[i], e[i], $"{path}[{i}]", diffs);
                break;
            default:
                if (!JToken.DeepEquals(actual, expected))
                    diffs.Add($"{path}: {actual.ToString(Formatting.None)}, expected {expected.ToString(Formatting.None)}");
                break;
        }
    }

    public static void AssertSameJson(JToken actual, JToken expected)
    {
        var diffs = Differences(actual, expected);
        Assert.That(diffs, Is.Empty, "differences from the contract:\n" + string.Join("\n", diffs));
    }

    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(LoadSchemas);

    /// <summary>Every schema under contract/schemas, by its path there (e.g. "events/order.paid.schema.json"), refs resolved by $id.</summary>
    private static Dictionary<string, JsonSchema> LoadSchemas()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "contract", "schemas");
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var files = Directory.GetFiles(root, "*.schema.json", SearchOption.AllDirectories)
            .OrderBy(f => Path.GetFileName(f) == "common.schema.json" ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal);
        var schemas = new Dictionary<string, JsonSchema>();
        foreach (var file in files)
            schemas[Path.GetRelativePath(root, file).Replace('\\', '/')] = JsonSchema.FromText(File.ReadAllText(file), options);
        return schemas;
    }

    /// <summary>The schema's errors for this JSON (empty when valid); format (date-time) is asserted too.</summary>
    public static List<string> SchemaErrors(string schemaPath, JToken json)
    {
        var schema = Schemas.Value[schemaPath];
        using var document = JsonDocument.Parse(json.ToString(Formatting.None));
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
            return new List<string>();
        var errors = (result.Details ?? new List<EvaluationResults>()).Prepend(result)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : new List<string> { "invalid (no details)" };
    }

    public static void AssertValid(string schemaPath, JToken json)
    {
        var errors = SchemaErrors(schemaPath, json);
        Assert.That(errors, Is.Empty, $"{schemaPath}:\n" + string.Join("\n", errors));
    }
}
